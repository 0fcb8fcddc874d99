import type { StaffPrincipal } from '@carelink/auth';
import { AppError, assertInJurisdiction } from '@carelink/http';

/** Whose records a caller lists: provider staff their provider's, township and county staff their jurisdiction's. */
export type Viewer = { kind: 'provider'; providerId: string } | { kind: 'jurisdiction'; jurisdiction: string };

export function viewerOf(principal: StaffPrincipal): Viewer {
  if (principal.role !== 'provider_staff') return { kind: 'jurisdiction', jurisdiction: principal.jurisdiction };
  if (!principal.providerId)
    throw AppError.forbidden(
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
    throw AppError.forbidden('role_not_allowed', 'only provider staff do this', '您的岗位无权办理此事项');
  if (viewer.providerId !== providerId)
    throw AppError.forbidden(
      'other_provider',
      `this record belongs to provider ${providerId}, not yours`,
      '该记录属于其他服务机构',
    );
}

/** Throws 403 unless the caller may see a record of this provider in this township. */
export function assertMaySee(principal: StaffPrincipal, record: { providerId: string; township: string }): void {
  if (principal.role === 'provider_staff') assertOwnProvider(principal, record.providerId);
  else assertInJurisdiction(principal, record.township);
}
