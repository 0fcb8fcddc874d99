import { derivedEventId, ReferralCreated, type EligibilityDecided, type EventOf } from '@carelink/contracts';
import { addWorkingDays, chinaDate, chinaMonth, type PolicyPacks } from '@carelink/policy';
import type { ReferralRepository } from '../../data-access/referral-repository';
import type { ReferralRecord, SharingBasis } from '../referral';
import { withDepartmentCopies } from '../referral-events';
import type { ReferralTimers } from '../referral-timers';
import { loadCandidates, type RoutingSources } from './candidates';
import { referralCreated } from './referral-created';
import { routeItem } from './route-referral';

/** RouteApprovedItems: every approved item of a decision becomes one referral (runs twice, same result). */
export async function handleEligibilityDecided(
  decided: EventOf<typeof EligibilityDecided>,
  deps: RoutingSources & {
    policies: PolicyPacks;
    referrals: ReferralRepository;
    timers: ReferralTimers;
    eventsWritten: () => void;
  },
): Promise<void> {
  const d = decided.data;
  const pack = deps.policies.get(d.region);
  if (!pack) throw new Error(`no policy pack for region ${d.region}`);
  const at = new Date(decided.time);
  const month = chinaMonth(at);
  const today = chinaDate(at);
  for (const item of d.items.filter((i) => i.approved)) {
    const referralId = `${d.caseId}:${item.itemCode}`;
    if (await deps.referrals.exists(referralId)) continue;
    const candidates = await loadCandidates(d.region, month, deps);
    const decision = routeItem(pack, item.itemCode, d.address.township, today, candidates);
    const sharingBasis: SharingBasis | undefined = d.consent.given
      ? { basis: 'consent', givenBy: d.consent.givenBy }
      : undefined;
    const sent = Boolean(sharingBasis && decision.route);
    const answerDueAt = addWorkingDays(at, pack.timeLimits.referralAnswerWorkingDays);
    const record: ReferralRecord = {
      referralId,
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      region: d.region,
      itemCode: item.itemCode,
      township: d.address.township,
      person: d.person,
      // Without consent nothing is sent until the township records why it must be (consent override).
      status: !sharingBasis ? 'awaiting_consent' : decision.route ? 'requested' : 'awaiting_provider',
      ...(decision.route ? { route: decision.route } : {}),
      ...(sharingBasis ? { sharingBasis } : {}),
      explanation: decision.explanation,
      month,
      createdAt: decided.time,
      attempt: 1,
      triedProviders: [],
      ...(sent ? { answerDueAt: answerDueAt.toISOString() } : {}),
      history: [],
    };
    record.history = [{ from: 'requested', to: record.status, attempt: 1, by: 'system', at: decided.time }];
    const events =
      sharingBasis && decision.route
        ? [
            referralCreated(record, decision.route, sharingBasis, {
              id: derivedEventId(decided.id, ReferralCreated.type, item.itemCode),
              at,
              traceparent: decided.traceparent,
            }),
          ]
        : [];
    // The timer first: it is idempotent and does nothing unless the referral is still unanswered.
    if (sent) await deps.timers.answerDue(referralId, 1, answerDueAt);
    if (await deps.referrals.create(record, withDepartmentCopies(events))) deps.eventsWritten();
  }
}
