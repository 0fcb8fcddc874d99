import { DomainError } from '@carelink/contracts';
import { AppError, type ServiceApp } from '@carelink/http';
import type { Response } from 'express';
import { z } from 'zod';
import { username as usernameSchema, type Account } from '../../domain/accounts/account';
import { lockedUntil } from '../../domain/sign-in/lockout';
import { judgeSignIn, type SignInRefusal } from '../../domain/sign-in/judge-sign-in';
import {
  decideConfirmTotp,
  decideDisableTotp,
  decidePasswordChange,
  decideStartTotp,
} from '../../domain/sign-in/own-credentials';
import { assertAcceptablePassword } from '../../domain/sign-in/password-policy';
import { hashPassword, passwordMatches } from '../../security/passwords';
import { newTotpSecret, totpStepOf } from '../../security/totp';
import { actorOf, audited, clientIp, viewOf, type ConsoleDeps } from './console-deps';
import { clearSessionCookie, SESSION_COOKIE, sessionCookie, signedIn } from './session-gate';

const signInBody = z.object({
  username: z.string().max(100),
  password: z.string().max(1024),
  totp: z.string().max(20).optional(),
});

/** Sends `body` with `status` (the routes' default for a post is 201; a sign-in or a change of one's own is 200). */
function answer(res: Response, status: number, body: unknown): undefined {
  res.status(status).json(body);
  return undefined;
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** The HTTP refusal of each way a sign-in can fail. */
function refusal(code: SignInRefusal, retryAfterSeconds = 0, until?: string): AppError {
  switch (code) {
    case 'invalid_credentials':
      return new AppError(code, 401, 'the username or password is wrong', { messageZh: '用户名或密码错误' });
    case 'account_locked':
      return new AppError(code, 423, `too many failed sign-ins; try again in ${minutes(retryAfterSeconds)} minutes`, {
        messageZh: `登录失败次数过多，账号已锁定，请${minutes(retryAfterSeconds)}分钟后再试`,
        retryAfterSeconds,
        details: [{ lockedUntil: until, retryAfterSeconds }],
      });
    case 'account_disabled':
      return new AppError(code, 403, 'this account is disabled; ask the county civil-affairs bureau', {
        messageZh: '账号已停用，请联系县级民政部门',
      });
    case 'demo_account_local_only':
      return new AppError(code, 403, 'demo accounts sign in only on a local demo machine (CARELINK_ENV=local)', {
        messageZh: '演示账号仅限本机演示环境使用',
      });
    case 'totp_required':
      return new AppError(code, 401, 'enter the 6-digit code of your authenticator app', {
        messageZh: '请输入动态验证码',
      });
    case 'totp_invalid':
      return new AppError(code, 401, 'the 6-digit code is wrong or was already used', {
        messageZh: '动态验证码错误或已使用',
      });
  }
}

/**
 * Sign-in, the session, sign-out, and what an account changes of its own: its password and its second factor.
 * Every sign-in attempt (but a TOTP prompt), sign-out and credential change is audited.
 */
export function sessionRoutes(app: ServiceApp, deps: ConsoleDeps): void {
  const sealOf = (account: Account, which: 'totp' | 'pendingTotp') => {
    const sealed = account[which]?.sealedSecret;
    return sealed ? deps.cipher.decrypt(sealed) : undefined;
  };

  app.route({
    method: 'post',
    path: '/console/session',
    summary:
      'Sign in with username, password and, when the account has it, a TOTP code; sets the session cookie and answers the account and the CSRF token',
    body: signInBody,
    responses: {
      200: '{account, csrfToken}',
      401: 'invalid_credentials | totp_required | totp_invalid',
      423: 'account_locked',
    },
    handle: async ({ req, res, body }) => {
      const now = deps.now();
      const name = body.username.trim().toLowerCase();
      const known = usernameSchema.safeParse(name).success;
      const { verdict, seen } = await deps.accounts.change(known ? name : '(invalid)', async (stored) => {
        const account = known ? stored : undefined;
        // A locked account's password is not even checked: guessing on gains nothing.
        const matches =
          account && lockedUntil(account, now) ? false : await passwordMatches(account?.passwordHash, body.password);
        const secret = matches && account ? sealOf(account, 'totp') : undefined;
        const totpStep = secret && body.totp ? totpStepOf(secret, body.totp, now) : undefined;
        const judged = judgeSignIn(account, {
          passwordMatches: matches,
          totpStep,
          now,
          localMode: deps.config.localMode,
        });
        return { verdict: judged, seen: account, account: judged.account };
      });
      const ip = clientIp(req);
      if (verdict.audit)
        await audited(deps, {
          kind: 'sign_in',
          ...(seen ? actorOf(seen) : { actor: name.slice(0, 64) }),
          ip,
          what: 'sign in',
          outcome: verdict.audit.outcome,
          ...(verdict.audit.reason ? { reason: verdict.audit.reason } : {}),
        });
      if (verdict.outcome === 'refused') throw refusal(verdict.code, verdict.retryAfterSeconds, verdict.lockedUntil);

      const previous = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      if (previous) await deps.sessions.end(previous);
      const { sessionId, session } = await deps.sessions.start(verdict.account.username, now.getTime());
      res.cookie(SESSION_COOKIE, sessionId, sessionCookie(deps.config.secureCookies));
      return answer(res, 200, { account: viewOf(deps, verdict.account), csrfToken: session.csrfToken });
    },
  });

  app.route({
    method: 'get',
    path: '/console/session',
    summary: 'The signed-in account and the CSRF token of its session (401 unauthenticated without one)',
    handle: async ({ req }) => {
      const { account, session } = signedIn(req);
      return { account: viewOf(deps, account), csrfToken: session.csrfToken };
    },
  });

  app.route({
    method: 'delete',
    path: '/console/session',
    summary: 'Sign out: the session ends and its cookie is cleared',
    handle: async ({ req, res }) => {
      const { account, sessionId } = signedIn(req);
      await deps.sessions.end(sessionId, account.username);
      clearSessionCookie(res, deps.config.secureCookies);
      await audited(deps, {
        kind: 'sign_out',
        ...actorOf(account),
        ip: clientIp(req),
        what: 'sign out',
        outcome: 'success',
      });
      return undefined;
    },
  });

  app.route({
    method: 'post',
    path: '/console/session/password',
    summary: 'Change your own password (at least 10 characters, not the username); other sessions of the account end',
    body: z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }),
    responses: { 200: '{account}' },
    handle: async ({ req, res, body }) => {
      const { account: me, sessionId } = signedIn(req);
      const now = deps.now();
      // The new password's rules are checked before any hashing.
      assertAcceptablePassword(body.newPassword, me.username);
      const newHash = await hashPassword(body.newPassword);
      const { decided } = await deps.accounts.change(me.username, async (current) => {
        if (!current) throw DomainError.notFound('the account', '该账号');
        const currentMatches = await passwordMatches(current.passwordHash, body.currentPassword);
        const decision = decidePasswordChange(current, { ...body, currentMatches, newHash, now });
        return { decided: decision, account: decision.account };
      });
      const ip = clientIp(req);
      if (decided.outcome === 'wrong_password') {
        await audited(deps, {
          kind: 'password_change',
          ...actorOf(me),
          ip,
          what: 'change own password',
          outcome: decided.locked ? 'locked' : 'failure',
          reason: 'wrong_password',
        });
        if (decided.locked) {
          // Whoever holds this session guessed five times: every session of the account ends.
          await deps.sessions.endAllOf(me.username);
          clearSessionCookie(res, deps.config.secureCookies);
        }
        throw refusal('invalid_credentials');
      }
      await deps.sessions.endAllOf(me.username, sessionId);
      await audited(deps, {
        kind: 'password_change',
        ...actorOf(me),
        ip,
        what: 'change own password',
        outcome: 'success',
      });
      return answer(res, 200, { account: viewOf(deps, decided.account) });
    },
  });

  app.route({
    method: 'post',
    path: '/console/session/totp',
    summary:
      'Start enrolling an authenticator app: answers the secret and its otpauth:// URI, shown this once; confirm with a code',
    responses: { 200: '{secret, uri}' },
    handle: async ({ req, res }) => {
      const { account: me } = signedIn(req);
      const { secret, uri } = newTotpSecret(me.username);
      await deps.accounts.change(me.username, (current) => {
        if (!current) throw DomainError.notFound('the account', '该账号');
        return { account: decideStartTotp(current, deps.cipher.encrypt(secret), deps.now()) };
      });
      return answer(res, 200, { secret, uri });
    },
  });

  app.route({
    method: 'post',
    path: '/console/session/totp/confirm',
    summary: 'Confirm the enrolment with a 6-digit code of the new secret: two-step sign-in is on from now',
    body: z.object({ code: z.string().max(20) }),
    responses: { 200: '{account}' },
    handle: async ({ req, res, body }) => {
      const { account: me } = signedIn(req);
      const now = deps.now();
      const { account } = await deps.accounts.change(me.username, (current) => {
        if (!current) throw DomainError.notFound('the account', '该账号');
        const pending = sealOf(current, 'pendingTotp');
        const step = pending ? totpStepOf(pending, body.code, now) : null;
        return { account: decideConfirmTotp(current, step, now) };
      });
      await audited(deps, {
        kind: 'totp_change',
        ...actorOf(me),
        ip: clientIp(req),
        what: 'turn two-step sign-in on',
        outcome: 'success',
      });
      return answer(res, 200, { account: viewOf(deps, account) });
    },
  });

  app.route({
    method: 'delete',
    path: '/console/session/totp',
    summary: 'Turn two-step sign-in off for your own account',
    responses: { 200: '{account}' },
    handle: async ({ req }) => {
      const { account: me } = signedIn(req);
      const { account } = await deps.accounts.change(me.username, (current) => {
        if (!current) throw DomainError.notFound('the account', '该账号');
        return { account: decideDisableTotp(current, deps.now()) };
      });
      await audited(deps, {
        kind: 'totp_change',
        ...actorOf(me),
        ip: clientIp(req),
        what: 'turn two-step sign-in off',
        outcome: 'success',
      });
      return { account: viewOf(deps, account) };
    },
  });
}
