import { on, type Subscription } from '@carelink/bus';
import { topics, type CloudEvent } from '@carelink/contracts';
import type { PushDeps } from '../../domain/push-progress/push-progress';
import { pushProgress } from '../../domain/push-progress/push-progress';
import { pushComplaintOutcome, type ComplaintOutcomeDeps } from '../../domain/push-progress/push-complaint-outcome';
import { rememberVisit } from '../../domain/push-progress/remember-visit';
import type { ResidentChats } from '../../domain/resident-chats';

/**
 * The bot follows a resident's case on Kafka and tells them when it moves. Case progress (every case of the
 * region passes by; few were filed through the bot) skips the database inbox: `pushProgress` dedupes the
 * few it sends in Redis.
 */
const byHandler = { dedupe: 'handler' } as const;

export function botSubscriptions(
  deps: PushDeps & ComplaintOutcomeDeps & { directory: Pick<ResidentChats, 'chatOfCase' | 'rememberVisit'> },
): Subscription[] {
  const push = (event: CloudEvent) => pushProgress(event, deps);
  // A visit is kept with its case (what a complaint can be about), then told.
  const visit = async (event: CloudEvent) => {
    await rememberVisit(event, deps);
    await push(event);
  };
  return [
    on(topics.complaints, { 'complaint.transitioned.v1': (e) => pushComplaintOutcome(e, deps) }),
    on(topics.intakeRequests, { 'request.acknowledged.v1': push }, byHandler),
    on(
      topics.assessmentCases,
      {
        'investigation.recorded.v1': push,
        'eligibility.decided.v1': push,
        'eligibility.decided.v2': push,
        'eligibility.changed.v1': push,
      },
      byHandler,
    ),
    on(
      topics.referrals,
      {
        'referral.created.v1': push,
        'referral.received.v1': push,
        'referral.accepted.v1': push,
        'referral.completed.v1': push,
      },
      byHandler,
    ),
    on(topics.visits, { 'visit.scheduled.v1': visit, 'visit.delivered.v1': visit }, byHandler),
  ];
}
