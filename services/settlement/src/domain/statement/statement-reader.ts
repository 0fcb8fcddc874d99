import type { PolicyPacks } from '@carelink/policy';
import type { Accrual } from '../accrual';
import type { ComplaintHold } from '../complaint-holds/complaint-hold';
import type { ServiceTerms } from '../service-terms/service-terms';
import type { SpotCheckEffect } from '../spot-check/spot-check-result';
import {
  computeStatement,
  confirmedMonthsBefore,
  type Statement,
  type StatementKey,
  type StoredStatement,
} from './statement';

/** Where a statement's facts are read from (settlement's repositories). */
export interface StatementSources {
  accruals: {
    ofStatement(place: { providerId: string; township: string }, months: readonly string[]): Promise<Accrual[]>;
  };
  statements: { ofPlace(place: { providerId: string; township: string }): Promise<StoredStatement[]> };
  terms: { ofTownship(township: string): Promise<Map<string, ServiceTerms>> };
  holds: { ofVisits(visitIds: readonly string[]): Promise<Map<string, ComplaintHold[]>> };
  /** The county's spot checks: what they do to visits' lines (absent: none recorded). */
  spotChecks?: {
    effectsOn(
      place: { providerId: string; township: string },
      months: readonly string[],
    ): Promise<Map<string, SpotCheckEffect>>;
  };
  policies: Pick<PolicyPacks, 'get'>;
}

/** Whether a region pays unverified visits (its pack's switch; absent: no). */
export function paysUnverified(policies: Pick<PolicyPacks, 'get'>, region: string): boolean {
  return policies.get(region)?.payUnverifiedVisits?.value === true;
}

/**
 * Reads the facts of one statement and computes it (a draft live, a confirmed one as frozen). `ofMonth`: the
 * statement's accruals of its own month when they were already read (all of a month's statements at once), so
 * that only those of the confirmed months before it are read here.
 */
export async function readStatement(
  key: StatementKey,
  sources: StatementSources,
  ofMonth?: readonly Accrual[],
): Promise<Statement> {
  const stored = await sources.statements.ofPlace(key);
  const own = stored.find((s) => s.month === key.month);
  if (own) return computeStatement({ key, visits: [], stored: own, confirmedBefore: [], facts: emptyFacts });
  const chain = confirmedMonthsBefore(key.month, stored);
  const months = [key.month, ...chain.map((c) => c.month)];
  const toRead = ofMonth ? chain.map((c) => c.month) : months;
  const [read, terms, spotChecks] = await Promise.all([
    toRead.length > 0 ? sources.accruals.ofStatement(key, toRead) : [],
    sources.terms.ofTownship(key.township),
    sources.spotChecks?.effectsOn(key, months) ?? new Map<string, SpotCheckEffect>(),
  ]);
  const visits = ofMonth ? [...ofMonth, ...read] : read;
  const holds = await sources.holds.ofVisits(visits.map((v) => v.visitId));
  return computeStatement({
    key,
    visits: visits.filter((v) => v.month === key.month),
    confirmedBefore: chain.map((c) => ({ stored: c, visits: visits.filter((v) => v.month === c.month) })),
    facts: { terms, holds, spotChecks, payUnverified: paysUnverified(sources.policies, key.region) },
  });
}

const emptyFacts = { terms: new Map(), holds: new Map(), payUnverified: false };
