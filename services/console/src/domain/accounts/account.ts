import { staffRole, type StaffPrincipal } from '@carelink/auth';
import { z } from 'zod';

/** The roles a person signs in to the console with: every staff role but the channel adapters' (bots, IVR). */
export const consoleRole = staffRole.exclude(['channel_adapter']);
export type ConsoleRole = z.infer<typeof consoleRole>;

/** Role names as staff read them. */
export const roleNames: Record<ConsoleRole, { zh: string; en: string }> = {
  county_officer: { zh: '县级民政', en: 'County officer' },
  township_caseworker: { zh: '乡镇(街道)社工', en: 'Township caseworker' },
  village_coordinator: { zh: '村(社区)协理员', en: 'Village coordinator' },
  provider_staff: { zh: '服务机构', en: 'Provider staff' },
  department_staff: { zh: '相关部门', en: 'Department staff' },
  hotline_operator: { zh: '热线坐席', en: 'Hotline operator' },
};

/** Usernames: lower-case letters, digits, `.`, `_`, `-`; 3 to 32 characters, starting with a letter or digit. */
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '3–32 lower-case letters, digits, ".", "_" or "-"');

/** A staff account of the console, as the domain sees it (the sealed TOTP secret is opaque here). */
export interface Account {
  username: string;
  displayName: string;
  role: ConsoleRole;
  region: string;
  /** Everything under this administrative code is the account's (county 6, township 9, village 12 digits). */
  jurisdiction: string;
  providerId?: string;
  departmentCode?: string;
  /** argon2id, PHC string. */
  passwordHash: string;
  /** Set at creation and after a reset: the temporary password works only to choose a new one. */
  mustChangePassword: boolean;
  /** The second factor, once confirmed: the secret sealed at rest, and the last time step used (no replay). */
  totp?: { sealedSecret: string; enabledAt: string; lastStep?: number };
  /** An enrolment started and not yet confirmed. */
  pendingTotp?: { sealedSecret: string; startedAt: string };
  /** Failed sign-ins within the lock-out window (ISO instants, oldest first). */
  failedSignIns: string[];
  /** Sign-in refused (423) until this instant. */
  lockedUntil?: string;
  disabled: boolean;
  /** Demo accounts (演示) sign in only on one machine (CARELINK_ENV=local). */
  demo: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  lastSignInAt?: string;
}

/** What the browser and the county see of an account: never the hash or the TOTP secret. */
export interface AccountView {
  username: string;
  displayName: string;
  role: ConsoleRole;
  region: string;
  jurisdiction: string;
  jurisdictionName: string;
  providerId?: string;
  departmentCode?: string;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  demo: boolean;
  lockedUntil?: string;
  lastSignInAt?: string;
}

export function accountView(account: Account, jurisdictionName: string, now: Date): AccountView {
  const locked =
    account.lockedUntil && Date.parse(account.lockedUntil) > now.getTime() ? account.lockedUntil : undefined;
  return {
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    region: account.region,
    jurisdiction: account.jurisdiction,
    jurisdictionName,
    ...(account.providerId ? { providerId: account.providerId } : {}),
    ...(account.departmentCode ? { departmentCode: account.departmentCode } : {}),
    totpEnabled: account.totp !== undefined,
    mustChangePassword: account.mustChangePassword,
    disabled: account.disabled,
    demo: account.demo,
    ...(locked ? { lockedUntil: locked } : {}),
    ...(account.lastSignInAt ? { lastSignInAt: account.lastSignInAt } : {}),
  };
}

/** Who the account acts as when the console calls a service for it (the claims of its staff JWT). */
export function principalOf(account: Account): StaffPrincipal {
  return {
    sub: account.username,
    name: account.displayName,
    role: account.role,
    region: account.region,
    jurisdiction: account.jurisdiction,
    ...(account.providerId ? { providerId: account.providerId } : {}),
    ...(account.departmentCode ? { departmentCode: account.departmentCode } : {}),
  };
}
