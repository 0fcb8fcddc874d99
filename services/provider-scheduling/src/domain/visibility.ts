import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError } from '@carelink/contracts';

/** Whose records a caller lists: provider staff their provider's, township and county staff their jurisdiction's. */
export type Viewer = { kind: 'provider'; providerId: string } | { kind: 'jurisdiction'; jurisdiction: string };

export function viewerOf(principal: StaffPrincipal): Viewer {
  if (principal.role !== 'provider_staff') return { kind: 'jurisdiction', jurisdiction: principal.jurisdiction };
  if (!principal.providerId)
    throw DomainError.forbidden(
      'provider_required',
      'the token of provider staff must name their provider',
      '您的账号未关联服务机构',
    );
  return { kind: 'provider', providerId: principal.providerId };
}

/** Provider staff act only for their own provider. */
export function assertOwnProvider(principal: StaffPrincipal, providerId: string): void {
  const viewer = viewerOf(principal);
  if (viewer.kind !== 'provider')
    throw DomainError.forbidden('role_not_allowed', 'only provider staff do this', '您的岗位无权办理此事项');
  if (viewer.providerId !== providerId)
    throw DomainError.forbidden(
      'other_provider',
      `this record belongs to provider ${providerId}, not yours`,
      '该记录属于其他服务机构',
    );
}

/** Throws 403 unless the caller may see a record of this provider in this township (and region, where it has one). */
export function assertMaySee(
  principal: StaffPrincipal,
  record: { providerId: string; township: string; region?: string },
): void {
  if (principal.role === 'provider_staff') assertOwnProvider(principal, record.providerId);
  else assertCovers(principal, record.township, record.region);
}

/**
 * A record the caller asked for by its id: not found when there is none (`what`: its name in English and
 * Chinese), forbidden when the caller may not see it.
 */
export function visibleRecord<T extends { providerId: string; township: string }>(
  principal: StaffPrincipal,
  record: T | undefined,
  what: readonly [string, string],
): T {
  if (!record) throw DomainError.notFound(...what);
  assertMaySee(principal, record);
  return record;
}
