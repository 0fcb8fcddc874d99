import {
  buildEvent,
  derivedEventId,
  ReferralCreated,
  topics,
  type EligibilityDecided,
  type EventOf,
} from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import type { ReferralRecord } from '../referral';
import { chinaDate, chinaMonth, routeItem } from './route-referral';

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
    const record: ReferralRecord = {
      referralId,
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      region: d.region,
      itemCode: item.itemCode,
      township: d.address.township,
      person: d.person,
      status: decision.route ? 'requested' : 'awaiting_provider',
      ...(decision.route ? { route: decision.route } : {}),
      explanation: decision.explanation,
      month,
      createdAt: decided.time,
    };
    const events = decision.route
      ? [
          {
            topic: topics.referrals,
            event: buildEvent(ReferralCreated, {
              id: derivedEventId(decided.id, ReferralCreated.type, item.itemCode),
              source: '/carelink/referral',
              key: d.caseId,
              time: at,
              traceparent: decided.traceparent,
              data: {
                referralId,
                caseId: d.caseId,
                caseNumber: d.caseNumber,
                region: d.region,
                itemCode: item.itemCode,
                township: d.address.township,
                person: d.person,
                route: decision.route,
                explanation: decision.explanation,
                createdAt: decided.time,
              },
            }),
          },
        ]
      : [];
    if (await deps.referrals.create(record, events)) deps.eventsWritten();
  }
}
