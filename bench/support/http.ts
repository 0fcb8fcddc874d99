/**
 * A JSON-over-HTTP client for load: one keep-alive agent with a fixed number of connections per service,
 * a client time-out per request, and outcomes classified rather than thrown (a status, 'timeout' or
 * 'network'), so an open loop can count them.
 */
import http from 'node:http';

export type Outcome = number | 'timeout' | 'network';

export interface HttpOutcome<T = Record<string, unknown>> {
  outcome: Outcome;
  /** When the request was handed to the agent (performance.now()). */
  sentAt: number;
  /** Until the whole response body was read, or the failure (ms). */
  latencyMs: number;
  body?: T;
  /** Retry-After in ms, when the server sent one. */
  retryAfterMs?: number;
  /** The error, for network failures. */
  error?: string;
}

export class JsonClient {
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;

  constructor(
    private readonly bearer: string,
    options: { connections: number; timeoutMs: number },
  ) {
    this.agent = new http.Agent({
      keepAlive: true,
      maxSockets: options.connections,
      maxFreeSockets: options.connections,
    });
    this.timeoutMs = options.timeoutMs;
  }

  post<T = Record<string, unknown>>(url: string, body: unknown, headers: Record<string, string> = {}) {
    return this.send<T>('POST', url, body, headers);
  }

  get<T = Record<string, unknown>>(url: string) {
    return this.send<T>('GET', url, undefined, {});
  }

  send<T>(method: string, url: string, body: unknown, headers: Record<string, string>): Promise<HttpOutcome<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const sentAt = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: Omit<HttpOutcome<T>, 'sentAt' | 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, sentAt, latencyMs: performance.now() - sentAt });
      };
      const req = http.request(url, {
        method,
        agent: this.agent,
        headers: {
          authorization: `Bearer ${this.bearer}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...headers,
        },
      });
      // The whole exchange, queueing for a connection included, must finish within the time-out.
      const timer = setTimeout(() => {
        finish({ outcome: 'timeout' });
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (err) => finish({ outcome: 'network', error: err.message }));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish({ outcome: 'network', error: err.message }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          finish({
            outcome: res.statusCode ?? 0,
            body: parseJson<T>(text),
            retryAfterMs: retryAfterMs(res.headers['retry-after']),
          });
        });
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function parseJson<T>(text: string): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return { text: text.slice(0, 200) } as T;
  }
}

/** Retry-After as delay-seconds or an HTTP date, in ms. */
export function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Counts outcomes by kind: '2xx' together, every other status, 'timeout' and 'network' on their own. */
export function countOutcomes(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = typeof o === 'number' ? String(o) : o;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const isSuccess = (o: Outcome) => typeof o === 'number' && o >= 200 && o < 300;
