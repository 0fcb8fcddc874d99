/** Failed sign-ins counted within this window … */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** … this many of them lock the account … */
export const MAX_FAILURES = 5;
/** … for this long. */
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface LockoutState {
  /** Failed sign-ins (ISO instants, oldest first). */
  failedSignIns: string[];
  lockedUntil?: string;
}

/** The instant the lock-out ends, while it lasts; undefined when the account may try to sign in. */
export function lockedUntil(state: LockoutState, now: Date): Date | undefined {
  if (!state.lockedUntil) return undefined;
  const until = new Date(state.lockedUntil);
  return until.getTime() > now.getTime() ? until : undefined;
}

/** Seconds until the lock-out ends (at least 1 while it lasts), for Retry-After. */
export function secondsLocked(state: LockoutState, now: Date): number {
  const until = lockedUntil(state, now);
  return until ? Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) : 0;
}

/**
 * After a failed sign-in: failures older than the window are forgotten, this one is counted, and the
 * fifth within 15 minutes locks the account for 15 minutes (counting starts afresh after a lock-out).
 */
export function afterFailure(state: LockoutState, now: Date): LockoutState & { locked: boolean } {
  const recent = state.failedSignIns.filter((at) => now.getTime() - Date.parse(at) < FAILURE_WINDOW_MS);
  const failedSignIns = [...recent, now.toISOString()];
  if (failedSignIns.length >= MAX_FAILURES)
    return { failedSignIns: [], lockedUntil: new Date(now.getTime() + LOCKOUT_MS).toISOString(), locked: true };
  const { lockedUntil: previous } = state;
  return { failedSignIns, ...(previous ? { lockedUntil: previous } : {}), locked: false };
}

/** After a successful sign-in: nothing is held against the account. */
export function afterSuccess(): LockoutState {
  return { failedSignIns: [] };
}
