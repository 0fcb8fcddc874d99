import {
  ReferralCreated,
  ReferralCreatedV3,
  type Decision,
  type EligibilityDecided,
  type EventOf,
} from '@carelink/contracts';
import { addWorkingDays, chinaDate, chinaMonth } from '@carelink/policy';
import { packOf, type ReferralContext, type ReferralRecord, type ReferralStatus, type SharingBasis } from '../referral';
import { withDepartmentCopies } from '../referral-events';
import { referralCreated } from './referral-created';
import { routeItem, type CandidateLoad } from './route-referral';

/** One referral per case and item: the id a redelivered decision finds again. */
export const referralIdOf = (caseId: string, itemCode: string): string => `${caseId}:${itemCode}`;

export interface RouteApprovedItem {
  decided: EventOf<typeof EligibilityDecided>;
  itemCode: string;
  /** The region's contracted providers, with this month's counts, loads and scores. */
  candidates: CandidateLoad[];
  /** Referrals still open at each institution of the region (by receiver code), counted against its places. */
  institutionLoads?: ReadonlyMap<string, number>;
}

/**
 * RouteApprovedItem: an approved item of a decision becomes a referral, routed to its department or the
 * best-ranked contracted provider. Without consent it waits (nothing is sent until the township records why
 * it must be); without a receiver it waits for the township. Everything in it comes from the decision (its
 * time, its id): a redelivered decision finds the referral made and changes nothing, and a decision retried
 * before its referral was written makes the same one, with the same referral.created id. Pure.
 */
export function routeApprovedItem(
  current: ReferralRecord | undefined,
  command: RouteApprovedItem,
  ctx: ReferralContext,
): Decision<ReferralRecord> {
  if (current) return {};
  const { decided, itemCode } = command;
  const d = decided.data;
  const pack = packOf(ctx, d.region);
  const at = new Date(decided.time);
  const decision = routeItem(pack, itemCode, d.address.township, chinaDate(at), command.candidates, [], {
    ...(d.circumstances ? { circumstances: d.circumstances } : {}),
    ...(d.address.village ? { village: d.address.village } : {}),
    ...(command.institutionLoads ? { institutionLoads: command.institutionLoads } : {}),
  });
  const sharingBasis: SharingBasis | undefined = d.consent.given
    ? { basis: 'consent', givenBy: d.consent.givenBy }
    : undefined;
  // A charity's referrals wait for the county's monthly list; they are sent when it is handed over.
  const listed = decision.mode?.handover === 'monthly_list';
  const sent = Boolean(sharingBasis && decision.route && !listed);
  const status: ReferralStatus = !sharingBasis
    ? 'awaiting_consent'
    : !decision.route
      ? 'awaiting_provider'
      : listed
        ? 'awaiting_list'
        : 'requested';
  const record: ReferralRecord = {
    referralId: referralIdOf(d.caseId, itemCode),
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    region: d.region,
    itemCode,
    township: d.address.township,
    ...(d.address.village ? { village: d.address.village } : {}),
    person: d.person,
    status,
    ...(decision.route ? { route: decision.route } : {}),
    ...(decision.mode ? { mode: decision.mode } : {}),
    ...(sharingBasis ? { sharingBasis } : {}),
    explanation: decision.explanation,
    month: chinaMonth(at),
    createdAt: decided.time,
    attempt: 1,
    triedProviders: [],
    ...(sent ? { answerDueAt: addWorkingDays(at, pack.timeLimits.referralAnswerWorkingDays).toISOString() } : {}),
    history: [{ from: 'requested', to: status, attempt: 1, by: 'system', at: decided.time }],
  };
  const events =
    sharingBasis && decision.route && sent
      ? referralCreated(record, decision.route, sharingBasis, {
          id: ctx.derivedId(decided.id, ReferralCreated.type, itemCode),
          v3Id: ctx.derivedId(decided.id, ReferralCreatedV3.type, itemCode),
          at,
        })
      : [];
  return { state: record, events: withDepartmentCopies(events, ctx) };
}
