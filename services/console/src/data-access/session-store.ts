import type { Redis } from 'ioredis';
import { sessionTimeLeft, type SessionLimits } from '../domain/sessions/session-lifetime';
import { randomToken, sessionKeyOf } from '../security/tokens';

export interface Session {
  username: string;
  /** Sent back with every request that changes something (header `x-csrf-token`). */
  csrfToken: string;
  /** Sign-in time (ms since the epoch): the session ends 12 hours after it however active. */
  createdAt: number;
}

/**
 * Signed-in sessions in Redis: one key per session (the digest of its id, never the id itself), expiring after
 * the idle time and renewed by each request up to the absolute end; and one set per account naming its
 * sessions, so that a password change, a reset or a disabled account ends them all.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: SessionLimits,
  ) {}

  private key(sessionId: string) {
    return `${this.prefix}session:${sessionKeyOf(sessionId)}`;
  }
  private accountKey(username: string) {
    return `${this.prefix}account-sessions:${username}`;
  }

  /** Starts a session; the id goes into the cookie, the CSRF token to the page. */
  async start(username: string, now: number): Promise<{ sessionId: string; session: Session }> {
    const sessionId = randomToken();
    const session: Session = { username, csrfToken: randomToken(), createdAt: now };
    const key = this.key(sessionId);
    await this.redis
      .multi()
      .set(key, JSON.stringify(session), 'PX', this.limits.idleMs)
      .sadd(this.accountKey(username), key)
      .pexpire(this.accountKey(username), this.limits.maxMs)
      .exec();
    return { sessionId, session };
  }

  /** The session of a request, its idle time restarted; undefined when it has ended (idle, absolute end, signed out). */
  async touch(sessionId: string, now: number): Promise<Session | undefined> {
    return this.read(sessionId, now, true);
  }

  /** The session, without renewing it (a long-lived event stream checks its session is still there). */
  async peek(sessionId: string, now: number): Promise<Session | undefined> {
    return this.read(sessionId, now, false);
  }

  private async read(sessionId: string, now: number, renew: boolean): Promise<Session | undefined> {
    const key = this.key(sessionId);
    const raw = await this.redis.get(key);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    const left = sessionTimeLeft(session.createdAt, now, this.limits);
    if (left <= 0) {
      await this.end(sessionId, session.username);
      return undefined;
    }
    if (renew) await this.redis.pexpire(key, left);
    return session;
  }

  async end(sessionId: string, username?: string): Promise<void> {
    const key = this.key(sessionId);
    const multi = this.redis.multi().del(key);
    if (username) multi.srem(this.accountKey(username), key);
    await multi.exec();
  }

  /** Ends every session of an account, but the one given (the session changing its own password stays). */
  async endAllOf(username: string, keep?: string): Promise<number> {
    const keepKey = keep ? this.key(keep) : undefined;
    const keys = (await this.redis.smembers(this.accountKey(username))).filter((k) => k !== keepKey);
    if (keys.length === 0) return 0;
    await this.redis
      .multi()
      .del(...keys)
      .srem(this.accountKey(username), ...keys)
      .exec();
    return keys.length;
  }
}
