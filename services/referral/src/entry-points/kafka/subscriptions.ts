import { on, type Subscription } from '@carelink/bus';
import {
  eligibilityDecidedFromV1,
  topics,
  type AssignmentAccepted,
  type EventOf,
  visitDeliveredFromV1,
  type VisitDeliveredV2,
} from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { ProviderScoreRepository } from '../../data-access/provider-score-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { recordProviderProgress } from '../../domain/answer-referral/provider-progress';
import { handleEligibilityChanged } from '../../domain/cancel-referral/handle-eligibility-changed';
import type { ReferralCommits } from '../../domain/referral-commits';
import type { ReferralTimers } from '../../domain/referral-timers';
import type { RoutingSources } from '../../domain/route-referral/candidates';
import { handleEligibilityDecided } from '../../domain/route-referral/handle-eligibility-decided';
import {
  passOnToDepartments,
  type ContactsOnFile,
  type PublishToDepartment,
} from '../../domain/share-contact/pass-on-to-departments';
import type { SharedContactRecord } from '../../domain/share-contact/department-contact';
import type { DeliveryQueue, StartChain } from '../../domain/webhooks/fan-out';

export function referralSubscriptions(
  deps: RoutingSources & {
    referrals: ReferralRepository;
    scores: ProviderScoreRepository;
    commits: ReferralCommits;
    timers: ReferralTimers;
    contacts: { record(shared: SharedContactRecord): Promise<void> };
    policies: PolicyPacks;
  },
): Subscription[] {
  const progress = (event: EventOf<typeof AssignmentAccepted> | EventOf<typeof VisitDeliveredV2>) =>
    deps.commits.commit(event.data.referralId, (current, ctx) => recordProviderProgress(current, event, ctx));
  return [
    on(topics.assessmentCases, {
      'eligibility.decided.v2': (event) => handleEligibilityDecided(event, deps),
      // Decisions made before v2 (history on the topic): their circumstances were not recorded.
      'eligibility.decided.v1': (event) => handleEligibilityDecided(eligibilityDecidedFromV1(event), deps),
      'eligibility.changed.v1': (event) => handleEligibilityChanged(event, deps),
    }),
    on(topics.visits, {
      'assignment.accepted.v1': progress,
      'visit.delivered.v2': progress,
      // Deliveries published before v2 (history on the topic): nobody confirmed them, read as unverified.
      'visit.delivered.v1': (event) => progress(visitDeliveredFromV1(event)),
    }),
    // The contact a resident consented to share, kept sealed for the department that will serve them.
    on(topics.contactShares, {
      'contact.shared.v1': (event) => deps.contacts.record(event.data),
    }),
    // The latest complaint score of each provider, used when choosing among contracted providers.
    on(topics.providerScores, {
      'provider.score.updated.v1': (event) => deps.scores.record(event.data),
    }),
  ];
}

/** The consumer group that feeds the departments' webhooks (its own, so routing work never delays it). */
export const WEBHOOK_GROUP = 'referral-webhooks';

/**
 * Referral's own published events, read back in order per case, feed the departments' webhooks and their `.v2`
 * topics (with the contact the person consented to share).
 */
export function webhookSubscriptions(deps: {
  webhooks: DeliveryQueue;
  startChain: StartChain;
  contacts: ContactsOnFile;
  publishToDepartment: PublishToDepartment;
  policies: PolicyPacks;
}): Subscription[] {
  const fanOut = (event: Parameters<typeof passOnToDepartments>[0]) =>
    passOnToDepartments(event, { ...deps, now: () => new Date() });
  return [
    on(topics.referrals, {
      'referral.created.v1': fanOut,
      'referral.cancelled.v1': fanOut,
      'referral.received.v1': fanOut,
      'referral.accepted.v1': fanOut,
      'referral.rejected.v1': fanOut,
      'referral.started.v1': fanOut,
      'referral.completed.v1': fanOut,
      'referral.rerouted.v1': fanOut,
      'referral.escalated.v1': fanOut,
      'referral.failed.v1': fanOut,
    }),
  ];
}
