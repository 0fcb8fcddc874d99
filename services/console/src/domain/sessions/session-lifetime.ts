export interface SessionLimits {
  /** A session ends after this long without a request … */
  idleMs: number;
  /** … and at the latest this long after sign-in. */
  maxMs: number;
}

/**
 * How long a session lives from `now` on (sliding: each request restarts the idle time), never past its
 * absolute end; 0 when it has ended.
 */
export function sessionTimeLeft(createdAt: number, now: number, limits: SessionLimits): number {
  const absoluteLeft = createdAt + limits.maxMs - now;
  if (absoluteLeft <= 0) return 0;
  return Math.min(limits.idleMs, absoluteLeft);
}
