import type { Account } from '../accounts/account';
import { afterFailure, afterSuccess, lockedUntil, secondsLocked } from './lockout';

export type SignInRefusal =
  | 'invalid_credentials'
  | 'account_locked'
  | 'account_disabled'
  | 'demo_account_local_only'
  | 'totp_required'
  | 'totp_invalid';

/** What the audit trail says of an attempt (a TOTP prompt is a step, not an attempt: nothing is written). */
export interface SignInAudit {
  outcome: 'success' | 'failure' | 'locked';
  reason?: string;
}

export type SignInVerdict =
  | { outcome: 'signed_in'; account: Account; audit: SignInAudit }
  | {
      outcome: 'refused';
      code: SignInRefusal;
      /** The account as it must now be stored (a failure counted, a lock-out started); undefined = unchanged. */
      account?: Account;
      audit?: SignInAudit;
      /** While locked out: seconds to wait (Retry-After). */
      retryAfterSeconds?: number;
      lockedUntil?: string;
    };

export interface SignInAttempt {
  /** The argon2 check of the password given (false for an unknown user, checked against a decoy hash). */
  passwordMatches: boolean;
  /**
   * The TOTP code given: absent, or the 30-second time step it matched (window ±1), or null when it matched none.
   */
  totpStep?: number | null;
  now: Date;
  /** Demo accounts sign in only on one machine. */
  localMode: boolean;
}

/**
 * Judges a sign-in: unknown user and wrong password get the same answer; a locked account is refused before its
 * password counts; five failures (wrong password or wrong TOTP code) within 15 minutes lock it for 15 minutes;
 * a disabled account, or a demo account outside local mode, is refused once the password is right; an account
 * with TOTP needs a code of the current time step (±1) not used before.
 */
export function judgeSignIn(account: Account | undefined, attempt: SignInAttempt): SignInVerdict {
  const { now } = attempt;
  if (!account)
    return { outcome: 'refused', code: 'invalid_credentials', audit: { outcome: 'failure', reason: 'unknown_user' } };
  if (lockedUntil(account, now)) return locked(account, now, 'still_locked');

  const fail = (code: SignInRefusal, reason: string): SignInVerdict => {
    const { locked: nowLocked, ...lockout } = afterFailure(account, now);
    const next: Account = { ...account, ...lockout };
    if (!lockout.lockedUntil) delete next.lockedUntil;
    if (nowLocked) return { ...locked(next, now, reason), account: next };
    return { outcome: 'refused', code, account: next, audit: { outcome: 'failure', reason } };
  };

  if (!attempt.passwordMatches) return fail('invalid_credentials', 'wrong_password');
  if (account.disabled)
    return { outcome: 'refused', code: 'account_disabled', audit: { outcome: 'failure', reason: 'disabled' } };
  if (account.demo && !attempt.localMode)
    return {
      outcome: 'refused',
      code: 'demo_account_local_only',
      audit: { outcome: 'failure', reason: 'demo_account_outside_local_mode' },
    };

  let totp = account.totp;
  if (totp) {
    if (attempt.totpStep === undefined) return { outcome: 'refused', code: 'totp_required' };
    if (attempt.totpStep === null) return fail('totp_invalid', 'totp_invalid');
    if (totp.lastStep !== undefined && attempt.totpStep <= totp.lastStep) return fail('totp_invalid', 'totp_replayed');
    totp = { ...totp, lastStep: attempt.totpStep };
  }

  const signedIn: Account = { ...account, ...afterSuccess(), lastSignInAt: now.toISOString() };
  delete signedIn.lockedUntil;
  if (totp) signedIn.totp = totp;
  return { outcome: 'signed_in', account: signedIn, audit: { outcome: 'success' } };
}

function locked(account: Account, now: Date, reason: string): SignInVerdict {
  return {
    outcome: 'refused',
    code: 'account_locked',
    audit: { outcome: 'locked', reason },
    retryAfterSeconds: secondsLocked(account, now),
    lockedUntil: account.lockedUntil,
  };
}

/** A TOTP code may be used once: a code of a step at or before the last one used is refused. */
export function acceptsTotpStep(lastStep: number | undefined, step: number | null): step is number {
  return step !== null && (lastStep === undefined || step > lastStep);
}
