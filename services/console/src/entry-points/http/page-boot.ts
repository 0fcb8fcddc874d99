import type { Request, Response } from 'express';
import type { AccountView } from '../../domain/accounts/account';
import { viewOf, type ConsoleDeps } from './console-deps';
import { directoryFor } from './directory-routes';
import { sessionOfRequest } from './session-gate';

/**
 * What the page carries of the session it is opened in (web-app.ts writes it into index.html), so that the app
 * starts without asking: the signed-in account and its CSRF token as `GET /console/session` answers them (null when
 * nobody is signed in), and the directory of the account's region as `GET /console/directory` answers it (left out
 * when it cannot be made; the app then asks for it and shows why).
 */
export interface PageBoot {
  session: { account: AccountView; csrfToken: string } | null;
  directory?: Awaited<ReturnType<typeof directoryFor>>;
}

export function pageBoot(
  deps: Pick<ConsoleDeps, 'sessions' | 'accounts' | 'config' | 'policies' | 'providers' | 'logger' | 'now'>,
): (req: Request, res: Response) => Promise<PageBoot> {
  const gate = { sessions: deps.sessions, accounts: deps.accounts, secureCookies: deps.config.secureCookies };
  return async (req, res) => {
    const found = await sessionOfRequest(gate, req, res);
    if ('refusal' in found) return { session: null };
    const { account, session } = found.signedIn;
    const boot: PageBoot = { session: { account: viewOf(deps, account), csrfToken: session.csrfToken } };
    try {
      boot.directory = await directoryFor(deps, account);
    } catch (err) {
      deps.logger.warn({ err, region: account.region }, 'the page is served without the directory');
    }
    return boot;
  };
}
