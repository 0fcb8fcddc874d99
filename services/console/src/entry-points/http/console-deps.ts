import type { PolicyPacks } from '@carelink/policy';
import type { FieldCipher } from '@carelink/store';
import type { Logger } from '@carelink/telemetry';
import type { Request } from 'express';
import type { ConsoleConfig } from '../../config';
import type { AccountRepository } from '../../data-access/account-repository';
import type { ConsoleAuditLog } from '../../data-access/console-audit-log';
import type { ContractedProviders, StaffTokens } from '../../data-access/service-calls';
import type { SessionStore } from '../../data-access/session-store';
import { accountView, type Account, type AccountView } from '../../domain/accounts/account';
import type { ConsoleAuditEntry } from '../../domain/audit/console-audit';
import { jurisdictionNameOf } from '../../domain/directory/directory';

/** What the console's HTTP entry points are given. */
export interface ConsoleDeps {
  config: Pick<
    ConsoleConfig,
    'secureCookies' | 'localMode' | 'UPSTREAM_TIMEOUT_MS' | 'EVENTS_HEARTBEAT_MS' | 'WEB_DIST'
  >;
  logger: Logger;
  accounts: AccountRepository;
  sessions: SessionStore;
  audit: ConsoleAuditLog;
  policies: PolicyPacks;
  providers: ContractedProviders;
  tokens: StaffTokens;
  /** Seals TOTP secrets at rest. */
  cipher: FieldCipher;
  /** The services reachable under /api/<name>. */
  serviceUrls: Record<string, string>;
  now: () => Date;
}

export function viewOf(deps: Pick<ConsoleDeps, 'policies' | 'now'>, account: Account): AccountView {
  return accountView(account, jurisdictionNameOf(deps.policies.get(account.region), account.jurisdiction), deps.now());
}

/** The caller's address as the socket saw it (set `trust proxy` on the app behind a reverse proxy). */
export function clientIp(req: Request): string | undefined {
  return req.ip ?? req.socket.remoteAddress;
}

/** Who an audit entry is about, from the account acting. */
export function actorOf(account: Account): Pick<ConsoleAuditEntry, 'actor' | 'role' | 'region' | 'jurisdiction'> {
  return { actor: account.username, role: account.role, region: account.region, jurisdiction: account.jurisdiction };
}

/** Writes an audit entry; a failure to write is logged and raised (a change must not go unaudited). */
export async function audited(deps: Pick<ConsoleDeps, 'audit' | 'logger'>, entry: ConsoleAuditEntry): Promise<void> {
  try {
    await deps.audit.record(entry);
  } catch (err) {
    deps.logger.error({ err, kind: entry.kind, actor: entry.actor }, 'an audit entry could not be written');
    throw err;
  }
}
