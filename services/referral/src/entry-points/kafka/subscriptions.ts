import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { ProviderScoreRepository } from '../../data-access/provider-score-repository';
import type { WebhookRepository } from '../../data-access/webhook-repository';
import { handleProviderProgress } from '../../domain/answer-referral/handle-provider-progress';
import { handleEligibilityChanged } from '../../domain/cancel-referral/handle-eligibility-changed';
import type { RerouteDeps } from '../../domain/reroute-referral/reroute-referral';
import { handleEligibilityDecided } from '../../domain/route-referral/handle-eligibility-decided';
import { fanOutReferralEvent, type StartChain } from '../../domain/webhooks/fan-out';

export function referralSubscriptions(deps: RerouteDeps & { scores: ProviderScoreRepository }): Subscription[] {
  return [
    on(topics.assessmentCases, {
      'eligibility.decided.v1': (event) => handleEligibilityDecided(event, deps),
      'eligibility.changed.v1': (event) => handleEligibilityChanged(event, deps),
    }),
    on(topics.visits, {
      'assignment.accepted.v1': (event) => handleProviderProgress(event, deps),
      'visit.delivered.v1': (event) => handleProviderProgress(event, deps),
    }),
    // The latest complaint score of each provider, used when choosing among contracted providers.
    on(topics.providerScores, {
      'provider.score.updated.v1': (event) => deps.scores.record(event.data),
    }),
  ];
}

/** The consumer group that feeds the departments' webhooks (its own, so routing work never delays it). */
export const WEBHOOK_GROUP = 'referral-webhooks';

/** Referral's own published events, read back in order per case, feed the departments' webhooks. */
export function webhookSubscriptions(deps: { webhooks: WebhookRepository; startChain: StartChain }): Subscription[] {
  const fanOut = (event: Parameters<typeof fanOutReferralEvent>[0]) =>
    fanOutReferralEvent(event, { ...deps, now: () => new Date() }).then(() => undefined);
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
