import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError } from '@carelink/contracts';
import type { PolicyPack, PolicyPacks } from '@carelink/policy';
import type { Complaint } from './complaint';

/** Refuses a record outside the caller's jurisdiction (codes nest: a township code starts with its county's). */
export const assertInJurisdiction = assertCovers;

/** A complaint a channel adapter (a bot, an Open311 client) filed itself, in its region. */
export function filedBy(c: Pick<Complaint, 'region' | 'receivedBy'>, principal: StaffPrincipal): boolean {
  return c.region === principal.region && c.receivedBy === principal.sub;
}

/**
 * The complaint, when the caller may see and act on it: staff within their jurisdiction; a channel adapter
 * only the complaints it filed itself (else any adapter token could walk a region's complaints by id, so
 * the others are "not found").
 */
export function complaintInScope(c: Complaint | null | undefined, principal: StaffPrincipal): Complaint {
  if (!c) throw DomainError.notFound('complaint', '投诉');
  if (principal.role === 'channel_adapter') {
    if (!filedBy(c, principal)) throw DomainError.notFound('complaint', '投诉');
  } else assertInJurisdiction(principal, c.scope, c.region);
  return c;
}

/** The region's policy pack; a region without one cannot take complaints. */
export function packOf(policies: Pick<PolicyPacks, 'get'>, region: string): PolicyPack {
  const pack = policies.get(region);
  if (!pack) throw DomainError.unprocessable('unknown_region', `region ${region} has no policy pack`, '未知地区');
  return pack;
}
