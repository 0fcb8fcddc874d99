import { DomainError } from '@carelink/contracts';
import type { Account } from '../src/domain/accounts/account';
import { judgeSignIn } from '../src/domain/sign-in/judge-sign-in';
import { afterFailure, lockedUntil, secondsLocked } from '../src/domain/sign-in/lockout';
import {
  decideConfirmTotp,
  decideDisableTotp,
  decidePasswordChange,
  decideStartTotp,
} from '../src/domain/sign-in/own-credentials';
import { assertAcceptablePassword } from '../src/domain/sign-in/password-policy';
import { sessionTimeLeft } from '../src/domain/sessions/session-lifetime';

const t0 = new Date('2026-11-20T02:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const account = (fields: Partial<Account> = {}): Account => ({
  username: 'tw-1',
  displayName: '池阳街道社工',
  role: 'township_caseworker',
  region: 'chizhou',
  jurisdiction: '341702001',
  passwordHash: '$argon2id$x',
  mustChangePassword: false,
  failedSignIns: [],
  disabled: false,
  demo: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'cz-county',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
};

describe('password policy', () => {
  it('at least 10 characters (counted as characters, not bytes), at most 128, not the username', () => {
    expect(codeOf(() => assertAcceptablePassword('short-pw1', 'tw-1'))).toBe('weak_password');
    expect(codeOf(() => assertAcceptablePassword('1234567890', 'tw-1'))).toBe('no error');
    expect(codeOf(() => assertAcceptablePassword('社会救助服务平台工作台', 'tw-1'))).toBe('no error');
    expect(codeOf(() => assertAcceptablePassword('社会救助服务平台工', 'tw-1'))).toBe('weak_password');
    expect(codeOf(() => assertAcceptablePassword('x'.repeat(129), 'tw-1'))).toBe('weak_password');
    expect(codeOf(() => assertAcceptablePassword('Township-01', 'township-01'))).toBe('weak_password');
    expect(codeOf(() => assertAcceptablePassword(' township-01 ', 'township-01'))).toBe('weak_password');
  });
});

describe('lock-out arithmetic', () => {
  it('the fifth failure within 15 minutes locks for 15 minutes', () => {
    let state: { failedSignIns: string[]; lockedUntil?: string } = { failedSignIns: [] };
    for (let i = 0; i < 4; i++) {
      const next = afterFailure(state, at(i * 3));
      expect(next.locked).toBe(false);
      state = next;
    }
    expect(state.failedSignIns).toHaveLength(4);
    const fifth = afterFailure(state, at(14));
    expect(fifth).toEqual({ failedSignIns: [], lockedUntil: at(29).toISOString(), locked: true });
    expect(lockedUntil(fifth, at(28.9))).toEqual(at(29));
    expect(secondsLocked(fifth, at(20))).toBe(540);
    expect(lockedUntil(fifth, at(29))).toBeUndefined();
    expect(secondsLocked(fifth, at(29))).toBe(0);
  });

  it('failures older than 15 minutes are forgotten', () => {
    let state: { failedSignIns: string[]; lockedUntil?: string } = { failedSignIns: [] };
    for (const minute of [0, 1, 2, 3]) state = afterFailure(state, at(minute));
    // 15 minutes after the first: that one no longer counts, so the fifth try is the fourth in the window.
    const next = afterFailure(state, at(15));
    expect(next.locked).toBe(false);
    expect(next.failedSignIns).toEqual([at(1), at(2), at(3), at(15)].map((d) => d.toISOString()));
  });
});

describe('judging a sign-in', () => {
  const attempt = (fields: Partial<Parameters<typeof judgeSignIn>[1]> = {}) => ({
    passwordMatches: true,
    now: t0,
    localMode: false,
    ...fields,
  });

  it('the right password signs in, forgets failures and notes the time', () => {
    const verdict = judgeSignIn(account({ failedSignIns: [at(-1).toISOString()] }), attempt());
    expect(verdict).toEqual({
      outcome: 'signed_in',
      account: account({ failedSignIns: [], lastSignInAt: t0.toISOString() }),
      audit: { outcome: 'success' },
    });
  });

  it('unknown user and wrong password get the same refusal; only the wrong password counts a failure', () => {
    const unknown = judgeSignIn(undefined, attempt({ passwordMatches: false }));
    const wrong = judgeSignIn(account(), attempt({ passwordMatches: false }));
    expect(unknown).toMatchObject({
      outcome: 'refused',
      code: 'invalid_credentials',
      audit: { reason: 'unknown_user' },
    });
    expect(wrong).toMatchObject({
      outcome: 'refused',
      code: 'invalid_credentials',
      audit: { reason: 'wrong_password' },
    });
    expect(unknown.account).toBeUndefined();
    expect(wrong.account?.failedSignIns).toEqual([t0.toISOString()]);
  });

  it('the fifth wrong password locks; a locked account is refused even with the right password', () => {
    const four = account({ failedSignIns: [-4, -3, -2, -1].map((m) => at(m).toISOString()) });
    const fifth = judgeSignIn(four, attempt({ passwordMatches: false }));
    expect(fifth).toMatchObject({
      outcome: 'refused',
      code: 'account_locked',
      audit: { outcome: 'locked', reason: 'wrong_password' },
      retryAfterSeconds: 900,
      lockedUntil: at(15).toISOString(),
    });
    const lockedAccount = fifth.account!;
    expect(judgeSignIn(lockedAccount, attempt({ now: at(10) }))).toMatchObject({
      code: 'account_locked',
      retryAfterSeconds: 300,
      audit: { outcome: 'locked', reason: 'still_locked' },
    });
    expect(judgeSignIn(lockedAccount, attempt({ now: at(15) }))).toMatchObject({ outcome: 'signed_in' });
  });

  it('a disabled account, or a demo account outside local mode, is refused once the password is right', () => {
    expect(judgeSignIn(account({ disabled: true }), attempt())).toMatchObject({ code: 'account_disabled' });
    expect(judgeSignIn(account({ disabled: true }), attempt({ passwordMatches: false }))).toMatchObject({
      code: 'invalid_credentials',
    });
    expect(judgeSignIn(account({ demo: true }), attempt())).toMatchObject({ code: 'demo_account_local_only' });
    expect(judgeSignIn(account({ demo: true }), attempt({ localMode: true }))).toMatchObject({ outcome: 'signed_in' });
  });

  it('with TOTP on: asks for a code, refuses a wrong or replayed one (counting a failure), keeps the step used', () => {
    const withTotp = account({ totp: { sealedSecret: 'v1.x', enabledAt: t0.toISOString(), lastStep: 100 } });
    const prompt = judgeSignIn(withTotp, attempt());
    expect(prompt).toEqual({ outcome: 'refused', code: 'totp_required' });
    expect(judgeSignIn(withTotp, attempt({ totpStep: null }))).toMatchObject({
      code: 'totp_invalid',
      audit: { reason: 'totp_invalid' },
      account: { failedSignIns: [t0.toISOString()] },
    });
    expect(judgeSignIn(withTotp, attempt({ totpStep: 100 }))).toMatchObject({
      code: 'totp_invalid',
      audit: { reason: 'totp_replayed' },
    });
    const ok = judgeSignIn(withTotp, attempt({ totpStep: 101 }));
    expect(ok).toMatchObject({ outcome: 'signed_in', account: { totp: { lastStep: 101 } } });
  });
});

describe('an account’s own credentials', () => {
  const change = (fields: Partial<Parameters<typeof decidePasswordChange>[1]>) =>
    decidePasswordChange(account({ mustChangePassword: true }), {
      currentMatches: true,
      currentPassword: 'temporary-pw-1',
      newPassword: 'my-own-password',
      newHash: '$argon2id$new',
      now: t0,
      ...fields,
    });

  it('a new password needs the current one, follows the policy, differs, and ends the forced change', () => {
    expect(change({})).toMatchObject({
      outcome: 'changed',
      account: { passwordHash: '$argon2id$new', mustChangePassword: false },
    });
    expect(change({ currentMatches: false })).toMatchObject({
      outcome: 'wrong_password',
      locked: false,
      account: { failedSignIns: [t0.toISOString()], passwordHash: '$argon2id$x' },
    });
    expect(codeOf(() => change({ newPassword: 'tw-1' }))).toBe('weak_password');
    expect(codeOf(() => change({ newPassword: 'temporary-pw-1' }))).toBe('password_unchanged');
  });

  it('TOTP: start, confirm with a code of the new secret, turn off', () => {
    const started = decideStartTotp(account(), 'v1.sealed', t0);
    expect(started.pendingTotp).toEqual({ sealedSecret: 'v1.sealed', startedAt: t0.toISOString() });
    expect(codeOf(() => decideConfirmTotp(account(), 5, t0))).toBe('totp_not_started');
    expect(codeOf(() => decideConfirmTotp(started, null, t0))).toBe('totp_invalid');
    const on = decideConfirmTotp(started, 5, t0);
    expect(on.totp).toEqual({ sealedSecret: 'v1.sealed', enabledAt: t0.toISOString(), lastStep: 5 });
    expect(on.pendingTotp).toBeUndefined();
    expect(codeOf(() => decideStartTotp(on, 'v1.other', t0))).toBe('totp_already_enabled');
    const off = decideDisableTotp(on, t0);
    expect(off.totp).toBeUndefined();
  });
});

describe('session lifetime', () => {
  const limits = { idleMs: 30 * 60_000, maxMs: 12 * 3600_000 };
  it('slides by the idle time, never past 12 hours after sign-in', () => {
    const signIn = t0.getTime();
    expect(sessionTimeLeft(signIn, signIn, limits)).toBe(30 * 60_000);
    expect(sessionTimeLeft(signIn, signIn + 11 * 3600_000, limits)).toBe(30 * 60_000);
    expect(sessionTimeLeft(signIn, signIn + 11.9 * 3600_000, limits)).toBe(Math.round(0.1 * 3600_000));
    expect(sessionTimeLeft(signIn, signIn + 12 * 3600_000, limits)).toBe(0);
  });
});
