import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { handleEligibilityChanged } from '../../domain/cancel-referral/handle-eligibility-changed';
import { handleEligibilityDecided } from '../../domain/route-referral/handle-eligibility-decided';

export function referralSubscriptions(deps: {
  policies: PolicyPacks;
  contracts: ContractRepository;
  referrals: ReferralRepository;
  eventsWritten: () => void;
}): Subscription[] {
  return [
    on(topics.assessmentCases, {
      'eligibility.decided.v1': (event) => handleEligibilityDecided(event, deps),
      'eligibility.changed.v1': (event) => handleEligibilityChanged(event, deps),
    }),
    on(topics.visits, {
      'assignment.accepted.v1': (event) => deps.referrals.advance(event.data.referralId, ['requested'], 'accepted'),
      'visit.delivered.v1': (event) => deps.referrals.advance(event.data.referralId, ['accepted'], 'in_progress'),
    }),
  ];
}
