import { on, type Subscription } from '@carelink/bus';
import { topics, type CloudEvent } from '@carelink/contracts';
import type { PushDeps } from '../../domain/push-progress/push-progress';
import { pushProgress } from '../../domain/push-progress/push-progress';
import { pushComplaintOutcome, type ComplaintOutcomeDeps } from '../../domain/push-progress/push-complaint-outcome';
import { rememberVisit } from '../../domain/push-progress/remember-visit';
import type { ResidentChats } from '../../domain/resident-chats';
import { pushVisitStep, type VisitPushDeps } from '../../domain/visit-confirmation/push-visit-step';
import { pushWorkerVisit, type WorkerPushDeps } from '../../domain/worker-visits/push-worker-visit';
import {
  alertAcknowledged,
  alertEscalated,
  alertRaised,
  type AlertFanOutDeps,
} from '../../domain/doorbell-alerts/fan-out';

/**
 * The bot follows a resident's case on Kafka and tells them when it moves. Case progress (every case of the
 * region passes by; few were filed through the bot) skips the database inbox: `pushProgress` dedupes the
 * few it sends in Redis.
 */
const byHandler = { dedupe: 'handler' } as const;

export function botSubscriptions(
  deps: PushDeps &
    ComplaintOutcomeDeps & { directory: Pick<ResidentChats, 'chatOfCase' | 'rememberVisit'> } & {
      /** What the steps of a visit (reminder, arrival, end and confirmation) are told with. */
      visitSteps: Omit<VisitPushDeps, 'packs' | 'directory' | 'defaultLocale' | 'send'>;
      /** Doorbell alerts to neighbours' and coordinators' chats (爱心门铃); none: not followed. */
      doorbellAlerts?: AlertFanOutDeps;
      /** Workers' own chats: reminders, moves and cancellations of their visits; none: not followed. */
      workerVisits?: Pick<WorkerPushDeps, 'briefFor'>;
    },
): Subscription[] {
  const push = (event: CloudEvent) => pushProgress(event, deps);
  // A step of a visit: told once (by event id), with its own buttons when the resident is asked to confirm.
  const step = (event: CloudEvent) => pushVisitStep(event, { ...deps, ...deps.visitSteps });
  // A visit is kept with its case (what a complaint can be about), then told.
  const visit = async (event: CloudEvent) => {
    await rememberVisit(event, deps);
    await push(event);
  };
  // A worker's visit moved, cancelled or due: told in the worker's chat (when linked), after the resident's step.
  const worker = (event: CloudEvent) =>
    deps.workerVisits ? pushWorkerVisit(event, { ...deps, ...deps.workerVisits }) : Promise.resolve();
  const stepAndWorker = async (event: CloudEvent) => {
    await step(event);
    await worker(event);
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
    on(
      topics.visits,
      {
        'visit.scheduled.v1': visit,
        'visit.delivered.v1': visit,
        'visit.delivered.v2': visit,
        'visit.reminder-due.v1': stepAndWorker,
        'visit.rescheduled.v1': worker,
        'visit.cancelled.v1': worker,
        'visit.checked-in.v1': step,
        'visit.checked-out.v1': step,
        'visit.verified.v1': step,
        'visit.disputed.v1': step,
      },
      byHandler,
    ),
    // Doorbell alerts: each message goes once per event and recipient (kept in Redis), so redelivery is safe.
    ...(deps.doorbellAlerts
      ? [
          on(
            topics.doorbellAlerts,
            {
              'alert.raised.v1': (e) => alertRaised(e, deps.doorbellAlerts!),
              'alert.acknowledged.v1': (e) => alertAcknowledged(e, deps.doorbellAlerts!),
              'alert.escalated.v1': (e) => alertEscalated(e, deps.doorbellAlerts!),
            },
            byHandler,
          ),
        ]
      : []),
  ];
}
