import { covers } from '@carelink/auth';
import { DomainError, freeText } from '@carelink/contracts';
import { receiverNameOf, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { isPlaceOfRegion } from '../directory/directory';
import { consoleRole, username, type Account, type ConsoleRole } from './account';

/** Who manages an account: a signed-in account's role, region and jurisdiction. */
export type Manager = Pick<Account, 'username' | 'role' | 'region' | 'jurisdiction'>;

const jurisdictionCode = z.string().regex(/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/, 'an administrative code');
const displayName = freeText().trim().min(1).max(50);
const providerId = z.string().trim().min(1).max(100);
const departmentCode = z.string().trim().min(1).max(64);

export const createAccountCommand = z.object({
  username,
  displayName,
  role: consoleRole,
  jurisdiction: jurisdictionCode,
  providerId: providerId.optional(),
  departmentCode: departmentCode.optional(),
});
export type CreateAccount = z.infer<typeof createAccountCommand>;

export const changeAccountCommand = z
  .object({
    displayName: displayName.optional(),
    role: consoleRole.optional(),
    jurisdiction: jurisdictionCode.optional(),
    /** `null` removes it. */
    providerId: providerId.nullable().optional(),
    departmentCode: departmentCode.nullable().optional(),
    disabled: z.boolean().optional(),
    /** Issue a temporary password that must be changed at the next sign-in (also lifts a lock-out). */
    resetPassword: z.literal(true).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'nothing to change');
export type ChangeAccount = z.infer<typeof changeAccountCommand>;

/** Only county officers manage accounts. */
export function assertManagesAccounts(manager: Manager): void {
  if (manager.role !== 'county_officer')
    throw DomainError.forbidden('role_not_allowed', 'only county officers manage accounts', '只有县级民政可以管理账号');
}

/** The account lies in the manager's region and jurisdiction (else 404: other counties' accounts are not shown). */
export function assertWithinManager(manager: Manager, account: Pick<Account, 'region' | 'jurisdiction'>): void {
  if (!covers(manager, account.jurisdiction, account.region)) throw DomainError.notFound('the account', '该账号');
}

const LEVEL_OF_LENGTH: Record<number, string> = {
  2: 'province',
  4: 'prefecture',
  6: 'county',
  9: 'township',
  12: 'village',
};

/**
 * Where each role may sit: county officers at a county or above, township caseworkers at a township, village
 * coordinators at a township or village; providers, departments and the hotline anywhere in the county.
 */
const roleLevels: Partial<Record<ConsoleRole, number[]>> = {
  county_officer: [2, 4, 6],
  township_caseworker: [9],
  village_coordinator: [9, 12],
};

interface Placement {
  role: ConsoleRole;
  jurisdiction: string;
  providerId?: string;
  departmentCode?: string;
}

/**
 * The rules of an account's role and place, as a county officer sets them: the place within the manager's
 * region and jurisdiction (so never a county officer of a wider area) and known in the region's pack (or the
 * manager's own code), at the role's level; provider staff name their provider, department staff a department of
 * the pack, and no other role names either.
 */
export function assertPlacement(manager: Manager, placement: Placement, pack: PolicyPack | undefined): void {
  const { role, jurisdiction } = placement;
  if (!pack)
    throw DomainError.unprocessable('unknown_region', `no policy pack for region ${manager.region}`, '地区配置缺失');
  if (!covers(manager, jurisdiction))
    throw DomainError.forbidden(
      'outside_jurisdiction',
      `${jurisdiction} is outside your jurisdiction ${manager.jurisdiction}`,
      '该辖区不在您的管辖范围内',
    );
  if (jurisdiction !== manager.jurisdiction && !isPlaceOfRegion(pack, jurisdiction))
    throw DomainError.invalid(
      'unknown_jurisdiction',
      `${jurisdiction} is not a place of ${pack.region}`,
      '辖区代码不存在',
    );
  const levels = roleLevels[role];
  if (levels && !levels.includes(jurisdiction.length))
    throw DomainError.invalid(
      'jurisdiction_level',
      `a ${role} sits at a ${levels.map((n) => LEVEL_OF_LENGTH[n]).join(' or ')}, not a ${LEVEL_OF_LENGTH[jurisdiction.length]}`,
      '该岗位与所选辖区层级不符',
    );
  if (role === 'provider_staff' && !placement.providerId)
    throw DomainError.invalid('provider_required', 'provider staff name their provider', '服务机构账号须指定机构');
  if (role !== 'provider_staff' && placement.providerId)
    throw DomainError.invalid(
      'provider_not_allowed',
      'only provider staff name a provider',
      '仅服务机构账号可指定机构',
    );
  // A department, or a receiver the pack lists (party branch, village team, neighbours, charity, institution):
  // each works its inbox as a department does.
  if (role === 'department_staff' && !(placement.departmentCode && receiverNameOf(pack, placement.departmentCode)))
    throw DomainError.invalid(
      'department_required',
      `department staff name a department or listed receiver of ${pack.region}: ${Object.keys(pack.departments).join(', ')} …`,
      '相关部门账号须指定本地区的部门或接收单位',
    );
  if (role !== 'department_staff' && placement.departmentCode)
    throw DomainError.invalid(
      'department_not_allowed',
      'only department staff name a department',
      '仅相关部门账号可指定部门',
    );
}

/** A new account, as a county officer creates it: the temporary password must be changed at the first sign-in. */
export function decideCreateAccount(
  manager: Manager,
  command: CreateAccount,
  pack: PolicyPack | undefined,
  ctx: { now: Date; temporaryPasswordHash: string },
): Account {
  assertManagesAccounts(manager);
  assertPlacement(manager, command, pack);
  const at = ctx.now.toISOString();
  return {
    username: command.username,
    displayName: command.displayName,
    role: command.role,
    region: manager.region,
    jurisdiction: command.jurisdiction,
    ...(command.providerId ? { providerId: command.providerId } : {}),
    ...(command.departmentCode ? { departmentCode: command.departmentCode } : {}),
    passwordHash: ctx.temporaryPasswordHash,
    mustChangePassword: true,
    failedSignIns: [],
    disabled: false,
    demo: false,
    createdAt: at,
    createdBy: manager.username,
    updatedAt: at,
  };
}

export interface AccountChange {
  account: Account;
  /** What changed, field by field, for the audit trail (never a password). */
  changed: string[];
  /** The account's sessions end: it lost access, or got a new password. */
  endSessions: boolean;
}

/**
 * A county officer changes an account of its jurisdiction: name, role, place, provider or department, disables
 * or enables it, or resets its password (the temporary one must be changed; a lock-out is lifted). The account
 * stays within the manager's jurisdiction, and a manager cannot disable or demote itself.
 */
export function decideChangeAccount(
  manager: Manager,
  current: Account | undefined,
  change: ChangeAccount,
  pack: PolicyPack | undefined,
  ctx: { now: Date; temporaryPasswordHash?: string },
): AccountChange {
  assertManagesAccounts(manager);
  if (!current) throw DomainError.notFound('the account', '该账号');
  assertWithinManager(manager, current);
  const self = current.username === manager.username;
  if (
    self &&
    (change.disabled === true ||
      (change.role !== undefined && change.role !== current.role) ||
      (change.jurisdiction !== undefined && change.jurisdiction !== current.jurisdiction))
  )
    throw DomainError.forbidden(
      'own_account',
      'you cannot disable, demote or move your own account; ask another county officer',
      '不能停用或变更本人账号的岗位和辖区',
    );
  if (change.resetPassword && !ctx.temporaryPasswordHash)
    throw new Error('a password reset needs the temporary password hash');

  const placement: Placement = {
    role: change.role ?? current.role,
    jurisdiction: change.jurisdiction ?? current.jurisdiction,
    providerId: change.providerId === null ? undefined : (change.providerId ?? current.providerId),
    departmentCode: change.departmentCode === null ? undefined : (change.departmentCode ?? current.departmentCode),
  };
  assertPlacement(manager, placement, pack);

  const next: Account = {
    ...current,
    ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
    role: placement.role,
    jurisdiction: placement.jurisdiction,
    disabled: change.disabled ?? current.disabled,
    updatedAt: ctx.now.toISOString(),
  };
  delete next.providerId;
  delete next.departmentCode;
  if (placement.providerId) next.providerId = placement.providerId;
  if (placement.departmentCode) next.departmentCode = placement.departmentCode;
  if (change.resetPassword) {
    next.passwordHash = ctx.temporaryPasswordHash!;
    next.mustChangePassword = true;
    next.failedSignIns = [];
    delete next.lockedUntil;
  }

  const changed = (['displayName', 'role', 'jurisdiction', 'providerId', 'departmentCode', 'disabled'] as const).filter(
    (field) => next[field] !== current[field],
  ) as string[];
  if (change.resetPassword) changed.push('password_reset');
  const endSessions =
    change.resetPassword === true ||
    next.disabled !== current.disabled ||
    changed.some((f) => f === 'role' || f === 'jurisdiction' || f === 'providerId' || f === 'departmentCode');
  return { account: next, changed, endSessions };
}
