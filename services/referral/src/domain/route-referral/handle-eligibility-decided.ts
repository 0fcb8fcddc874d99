import { derivedEventId, ReferralCreated, type EligibilityDecided, type EventOf } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import type { ReferralRecord, SharingBasis } from '../referral';
import { referralCreated } from './referral-created';
import { chinaDate, chinaMonth } from '@carelink/policy';
import { routeItem } from './route-referral';

/** RouteApprovedItems: every approved item of a decision becomes one referral (runs twice, same result). */
export async function handleEligibilityDecided(
  decided: EventOf<typeof EligibilityDecided>,
  deps: {
    policies: PolicyPacks;
    contracts: ContractRepository;
    referrals: ReferralRepository;
    eventsWritten: () => void;
  },
): Promise<void> {
  const d = decided.data;
  const pack = deps.policies.get(d.region);
  if (!pack) throw new Error(`no policy pack for region ${d.region}`);
  const at = new Date(decided.time);
  const month = chinaMonth(at);
  const today = chinaDate(at);
  const contracts = await deps.contracts.inRegion(d.region);
  for (const item of d.items.filter((i) => i.approved)) {
    const referralId = `${d.caseId}:${item.itemCode}`;
    if (await deps.referrals.exists(referralId)) continue;
    const candidates = await Promise.all(
      contracts.map(async (contract) => ({
        contract,
        referralsThisMonth: await deps.referrals.countForContract(contract.contractId, month),
      })),
    );
    const decision = routeItem(pack, item.itemCode, d.address.township, today, candidates);
    const sharingBasis: SharingBasis | undefined = d.consent.given
      ? { basis: 'consent', givenBy: d.consent.givenBy }
      : undefined;
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
    };
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
    if (await deps.referrals.create(record, events)) deps.eventsWritten();
  }
}
