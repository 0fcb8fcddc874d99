import { DomainError } from '@carelink/contracts';
import type { ServiceApp } from '@carelink/http';
import type { Request } from 'express';
import { z } from 'zod';
import { auditKind } from '../../domain/audit/console-audit';
import type { Account } from '../../domain/accounts/account';
import {
  assertManagesAccounts,
  changeAccountCommand,
  createAccountCommand,
  decideChangeAccount,
  decideCreateAccount,
} from '../../domain/accounts/manage-accounts';
import { hashPassword, temporaryPassword } from '../../security/passwords';
import { actorOf, audited, clientIp, viewOf, type ConsoleDeps } from './console-deps';
import { signedIn } from './session-gate';

const DAY_MS = 24 * 3600 * 1000;
const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * County officers manage the accounts of their jurisdiction (list, create, change, disable, reset a password)
 * and read the console's audit trail of it. Every account change, made or refused, is audited.
 */
export function accountRoutes(app: ServiceApp, deps: ConsoleDeps): void {
  /** Runs an account change and audits it, succeeded or refused (with the refusal's code). */
  const auditedChange = async <T>(
    req: Request,
    what: string,
    subject: Pick<Account, 'username' | 'region' | 'jurisdiction'> | undefined,
    work: () => Promise<T>,
  ): Promise<T> => {
    const { account: me } = signedIn(req);
    const entry = { kind: 'account_change' as const, ...actorOf(me), ip: clientIp(req), what };
    const about = (s: typeof subject) =>
      s ? { subject: { username: s.username, region: s.region, jurisdiction: s.jurisdiction } } : {};
    try {
      const done = await work();
      const made = (done as { account?: Account }).account;
      await audited(deps, { ...entry, ...about(made ?? subject), outcome: 'success' });
      return done;
    } catch (err) {
      if (err instanceof DomainError)
        await audited(deps, { ...entry, ...about(subject), outcome: 'failure', reason: err.code });
      throw err;
    }
  };

  app.route({
    method: 'get',
    path: '/console/accounts',
    summary: "The accounts of the county officer's region and jurisdiction",
    handle: async ({ req }) => {
      const { account: me } = signedIn(req);
      assertManagesAccounts(me);
      const accounts = await deps.accounts.within(me.region, me.jurisdiction);
      return { items: accounts.map((a) => viewOf(deps, a)) };
    },
  });

  app.route({
    method: 'post',
    path: '/console/accounts',
    summary:
      'Create an account within your jurisdiction (county officers); answers it with a temporary password, shown this once, to be changed at the first sign-in',
    body: createAccountCommand,
    responses: { 201: '{account, temporaryPassword}' },
    handle: async ({ req, body }) => {
      const { account: me } = signedIn(req);
      const what = `create ${body.role} ${body.username} at ${body.jurisdiction}`;
      return auditedChange(
        req,
        what,
        { username: body.username, region: me.region, jurisdiction: body.jurisdiction },
        async () => {
          assertManagesAccounts(me);
          const password = temporaryPassword();
          const account = decideCreateAccount(me, body, deps.policies.get(me.region), {
            now: deps.now(),
            temporaryPasswordHash: await hashPassword(password),
          });
          await deps.accounts.insert(account);
          return { account: viewOf(deps, account), temporaryPassword: password };
        },
      );
    },
  });

  app.route({
    method: 'patch',
    path: '/console/accounts/:username',
    summary:
      'Change an account of your jurisdiction: name, role, jurisdiction, provider, department, disabled; or reset its password (answers a temporary one). Its sessions end when it loses access or gets a new password',
    body: changeAccountCommand,
    responses: { 200: '{account, temporaryPassword?}' },
    handle: async ({ req, body }) => {
      const { account: me } = signedIn(req);
      const target = String(req.params.username).toLowerCase();
      const fields = Object.keys(body).join(', ');
      const before = await deps.accounts.get(target);
      return auditedChange(req, `change ${target}: ${fields}`, before, async () => {
        assertManagesAccounts(me);
        const password = body.resetPassword ? temporaryPassword() : undefined;
        const temporaryPasswordHash = password ? await hashPassword(password) : undefined;
        const { change } = await deps.accounts.change(target, (current) => {
          const decided = decideChangeAccount(me, current, body, deps.policies.get(me.region), {
            now: deps.now(),
            temporaryPasswordHash,
          });
          return { change: decided, account: decided.account };
        });
        if (change.endSessions) await deps.sessions.endAllOf(target);
        return {
          account: viewOf(deps, change.account),
          changed: change.changed,
          ...(password ? { temporaryPassword: password } : {}),
        };
      });
    },
  });

  app.route({
    method: 'get',
    path: '/console/audit',
    summary:
      "The console's audit trail of your jurisdiction, newest first: sign-ins (succeeded, failed and why, locked out), sign-outs, password and TOTP changes, account changes (county officers)",
    query: z.object({
      kind: auditKind.optional(),
      /** From this day or instant on. */
      from: dayOrInstant.optional(),
      /** Up to this day (included) or instant (excluded). */
      to: dayOrInstant.optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
    handle: async ({ req, query }) => {
      const { account: me } = signedIn(req);
      assertManagesAccounts(me);
      const to =
        query.to &&
        (/^\d{4}-\d{2}-\d{2}$/.test(query.to) ? new Date(Date.parse(query.to) + DAY_MS) : new Date(query.to));
      return {
        items: await deps.audit.within(me.region, me.jurisdiction, {
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.from ? { from: new Date(query.from) } : {}),
          ...(to ? { to } : {}),
          ...(query.limit ? { limit: query.limit } : {}),
        }),
      };
    },
  });
}
