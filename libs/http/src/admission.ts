import type { RequestHandler } from 'express';
import { AppError } from './app-error';

export interface AdmissionLimits {
  /** Requests handled at once; more wait in line. */
  maxInFlight: number;
  /** Requests that may wait; one more is turned away at once. */
  maxQueued: number;
  /** How long a request may wait in line before it is turned away. */
  maxWaitMs: number;
}

/**
 * Back-pressure at the door: at most `maxInFlight` requests are handled at once and at most `maxQueued`
 * wait, each for at most `maxWaitMs`. A request that cannot be taken gets 503 `overloaded` with
 * `Retry-After` at once (or after its wait), so under more load than the service can take callers learn
 * it in bounded time and retry, instead of piling up behind a busy store until everything times out.
 * Probes (`/healthz`, `/readyz`, `/metrics`) are never held.
 */
export class Admission {
  private inFlight = 0;
  private readonly line: { admit: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly onRefused: (reason: 'queue_full' | 'waited_too_long') => void = () => undefined,
  ) {}

  get state() {
    return { inFlight: this.inFlight, queued: this.line.length };
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      if (PROBES.has(req.path)) return next();
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.line.shift()?.admit();
      };
      const admit = () => {
        this.inFlight++;
        res.once('finish', release);
        res.once('close', release);
        next();
      };
      if (this.inFlight < this.limits.maxInFlight) return admit();
      if (this.line.length >= this.limits.maxQueued) {
        this.onRefused('queue_full');
        return next(overloaded());
      }
      const waiting = {
        admit: () => {
          clearTimeout(waiting.timer);
          admit();
        },
        timer: setTimeout(() => {
          const at = this.line.indexOf(waiting);
          if (at >= 0) this.line.splice(at, 1);
          this.onRefused('waited_too_long');
          next(overloaded());
        }, this.limits.maxWaitMs),
      };
      this.line.push(waiting);
      // A caller that hangs up while waiting gives its place back.
      req.once('close', () => {
        const at = this.line.indexOf(waiting);
        if (at >= 0 && res.writableEnded === false && req.destroyed) {
          this.line.splice(at, 1);
          clearTimeout(waiting.timer);
        }
      });
    };
  }
}

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** Seconds a turned-away caller should wait before trying again. */
export const RETRY_AFTER_SECONDS = 1;

export function overloaded(): AppError {
  return new AppError('overloaded', 503, 'the service is busy; try again in a moment (see Retry-After)', {
    messageZh: '系统繁忙，请稍后再试',
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

export function storeUnavailable(cause: unknown): AppError {
  return new AppError('store_unavailable', 503, 'the database is busy or unreachable; try again in a moment', {
    messageZh: '系统繁忙，请稍后再试',
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    cause,
  });
}
