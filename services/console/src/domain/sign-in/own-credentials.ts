import { DomainError } from '@carelink/contracts';
import type { Account } from '../accounts/account';
import { afterFailure } from './lockout';
import { acceptsTotpStep } from './judge-sign-in';
import { assertAcceptablePassword } from './password-policy';

export type PasswordChange =
  | { outcome: 'changed'; account: Account }
  /** The current password was wrong: the failure counts towards a lock-out like a failed sign-in. */
  | { outcome: 'wrong_password'; account: Account; locked: boolean };

/**
 * A signed-in account chooses a new password: the current one must be right, the new one acceptable and
 * different. Afterwards nothing forces a change any more.
 */
export function decidePasswordChange(
  account: Account,
  attempt: { currentMatches: boolean; currentPassword: string; newPassword: string; newHash: string; now: Date },
): PasswordChange {
  if (!attempt.currentMatches) {
    const { locked, ...lockout } = afterFailure(account, attempt.now);
    return { outcome: 'wrong_password', account: { ...account, ...lockout }, locked };
  }
  assertAcceptablePassword(attempt.newPassword, account.username);
  if (attempt.newPassword === attempt.currentPassword)
    throw DomainError.invalid('password_unchanged', 'the new password is the current one', '新密码不能与当前密码相同');
  return {
    outcome: 'changed',
    account: {
      ...account,
      passwordHash: attempt.newHash,
      mustChangePassword: false,
      updatedAt: attempt.now.toISOString(),
    },
  };
}

/** Starts enrolling an authenticator: the new secret waits (sealed) until a code from it is confirmed. */
export function decideStartTotp(account: Account, sealedSecret: string, now: Date): Account {
  if (account.totp)
    throw DomainError.conflict(
      'totp_already_enabled',
      'two-step sign-in is already on; turn it off first to enrol another authenticator',
      '已启用动态验证码，如需更换请先停用',
    );
  return { ...account, pendingTotp: { sealedSecret, startedAt: now.toISOString() }, updatedAt: now.toISOString() };
}

/** Confirms the enrolment with a code of the new secret (the step it matched; null for a wrong code). */
export function decideConfirmTotp(account: Account, step: number | null, now: Date): Account {
  if (!account.pendingTotp)
    throw DomainError.conflict('totp_not_started', 'start the enrolment first', '请先获取动态验证码密钥');
  if (!acceptsTotpStep(undefined, step))
    throw DomainError.invalid('totp_invalid', 'the code does not match the new secret', '动态验证码错误');
  const next: Account = {
    ...account,
    totp: { sealedSecret: account.pendingTotp.sealedSecret, enabledAt: now.toISOString(), lastStep: step },
    updatedAt: now.toISOString(),
  };
  delete next.pendingTotp;
  return next;
}

/** Turns two-step sign-in off (and drops an unconfirmed enrolment). */
export function decideDisableTotp(account: Account, now: Date): Account {
  const next: Account = { ...account, updatedAt: now.toISOString() };
  delete next.totp;
  delete next.pendingTotp;
  return next;
}
