import { z } from 'zod';

/** What the console's audit trail records: every sign-in attempt, sign-out, credential change and account change. */
export const auditKind = z.enum(['sign_in', 'sign_out', 'password_change', 'totp_change', 'account_change']);
export type AuditKind = z.infer<typeof auditKind>;

export interface ConsoleAuditEntry {
  kind: AuditKind;
  /** Who acted: the username (for a failed sign-in, the name typed, cut to 64 characters). */
  actor: string;
  role?: string;
  region?: string;
  /** The actor's jurisdiction: the entry is in the trail of every jurisdiction containing it. */
  jurisdiction?: string;
  /** The account acted on, when not the actor's own (account changes). */
  subject?: { username: string; region: string; jurisdiction: string };
  ip?: string;
  /** In a few words: what was done (e.g. `created township_caseworker at 341702001`, `enabled TOTP`). */
  what: string;
  outcome: 'success' | 'failure' | 'locked';
  reason?: string;
}

export interface ConsoleAuditRecord extends ConsoleAuditEntry {
  at: string;
}
