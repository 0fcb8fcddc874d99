import { AppError } from '@carelink/http';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { AccountRepository } from '../../data-access/account-repository';
import type { Session, SessionStore } from '../../data-access/session-store';
import { principalOf, type Account } from '../../domain/accounts/account';
import { sameToken } from '../../security/tokens';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in session of the request and its account (set by the session gate). */
    signedIn?: { sessionId: string; session: Session; account: Account };
  }
}

export const SESSION_COOKIE = 'carelink_session';
export const CSRF_HEADER = 'x-csrf-token';

export function sessionCookie(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/' };
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, sessionCookie(secure));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Requests the gate lets through without a session: signing in. */
const isSignIn = (req: Request) => req.method === 'POST' && req.path === '/console/session';

/** What an account that must change its password may still do: see itself, sign out, change the password. */
const allowedBeforePasswordChange = (req: Request) =>
  (req.path === '/console/session' && (req.method === 'GET' || req.method === 'DELETE')) ||
  (req.path === '/console/session/password' && req.method === 'POST') ||
  (req.path === '/console/directory' && req.method === 'GET');

export const unauthenticated = (detail = 'sign in first') =>
  new AppError('unauthenticated', 401, detail, { messageZh: '请先登录' });

interface GateDeps {
  sessions: SessionStore;
  accounts: AccountRepository;
  secureCookies: boolean;
}

/**
 * The live session the request's cookie names (renewing its idle time) and its enabled account; otherwise the
 * refusal (401 `unauthenticated`), the cookie of an ended session cleared. Used by the gate and by the page itself,
 * which carries the session it is opened in (web-app.ts).
 */
export async function sessionOfRequest(
  deps: GateDeps,
  req: Request,
  res: Response,
): Promise<{ signedIn: NonNullable<Request['signedIn']> } | { refusal: AppError }> {
  const sessionId = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  if (!sessionId) return { refusal: unauthenticated() };
  const session = await deps.sessions.touch(sessionId, Date.now());
  if (!session) {
    clearSessionCookie(res, deps.secureCookies);
    return { refusal: unauthenticated('the session has ended; sign in again') };
  }
  const account = await deps.accounts.get(session.username);
  if (!account || account.disabled) {
    await deps.sessions.end(sessionId, session.username);
    clearSessionCookie(res, deps.secureCookies);
    return { refusal: unauthenticated('the account is no longer active') };
  }
  return { signedIn: { sessionId, session, account } };
}

/**
 * The door of `/console/*` and `/api/*`: the session cookie names a live session (renewing its idle time) of an
 * enabled account, else 401 `unauthenticated`; a request that changes something carries the session's CSRF token
 * in `x-csrf-token` (compared in constant time), else 403 `csrf_mismatch`; an account holding a temporary
 * password may only change it (403 `password_change_required`). Sets `req.signedIn` and `req.principal`.
 */
export function sessionGate(deps: GateDeps): RequestHandler {
  return async (req, res, next) => {
    if (!(req.path.startsWith('/console/') || req.path === '/console' || req.path.startsWith('/api/'))) return next();
    // Everything behind the door is about one person's work: no cache may keep it.
    res.setHeader('cache-control', 'no-store');
    if (isSignIn(req)) return next();
    try {
      const found = await sessionOfRequest(deps, req, res);
      if ('refusal' in found) throw found.refusal;
      const { session, account } = found.signedIn;
      if (!SAFE_METHODS.has(req.method) && !sameToken(req.get(CSRF_HEADER), session.csrfToken))
        throw AppError.forbidden(
          'csrf_mismatch',
          `a request that changes something carries the session's token in ${CSRF_HEADER}`,
          '页面已过期，请刷新后重试',
        );
      if (account.mustChangePassword && !allowedBeforePasswordChange(req))
        throw AppError.forbidden(
          'password_change_required',
          'this account signed in with a temporary password: choose a new one first',
          '请先修改初始密码',
        );
      req.signedIn = found.signedIn;
      req.principal = principalOf(account);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The signed-in account of a request behind the gate. */
export function signedIn(req: Request): NonNullable<Request['signedIn']> {
  if (!req.signedIn) throw unauthenticated();
  return req.signedIn;
}
