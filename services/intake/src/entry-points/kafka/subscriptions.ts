import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import { decideProgress, type FollowedRequest } from '../../domain/follow-progress/follow-progress';
import type { ProgressFact } from '../../domain/follow-progress/resident-progress';
import type { Records } from '../../domain/intake-records';

/** Who visited for what, as a resident's progress keeps it. */
const visitOf = (v: { visitId: string; providerId: string; workerId: string; itemCode: string }) => ({
  visitId: v.visitId,
  providerId: v.providerId,
  workerId: v.workerId,
  itemCode: v.itemCode,
});

/** A delivered visit puts the request in service (history v1 and settled v2 alike). */
const inService = (v: Parameters<typeof visitOf>[0] & { deliveredAt: string }): ProgressFact => ({
  kind: 'reached',
  stage: 'in_service',
  at: v.deliveredAt,
  visit: { ...visitOf(v), at: v.deliveredAt, delivered: true },
});

/**
 * Intake follows each case to the end: a decided request no longer counts as open for duplicate merging,
 * and every step moves the resident-facing progress the channels read out (查询进度).
 */
export function intakeSubscriptions(requests: Records<FollowedRequest>): Subscription[] {
  const follow = (caseId: string, fact: ProgressFact) =>
    requests.commit(caseId, (current) => decideProgress(current, fact));
  return [
    on(topics.assessmentCases, {
      'investigation.assigned.v1': ({ data, time }) =>
        follow(data.caseId, { kind: 'reached', stage: 'investigating', at: time }),
      'investigation.recorded.v1': ({ data }) =>
        follow(data.caseId, { kind: 'reached', stage: 'investigated', at: data.recordedAt }),
      'eligibility.decided.v2': ({ data }) =>
        follow(data.caseId, { kind: 'decided', items: data.items, at: data.decidedAt }),
      'eligibility.decided.v1': ({ data }) =>
        follow(data.caseId, { kind: 'decided', items: data.items, at: data.decidedAt }),
      'eligibility.changed.v1': ({ data, time }) =>
        follow(data.caseId, { kind: 'items_stopped', itemCodes: data.stoppedItems.map((i) => i.itemCode), at: time }),
    }),
    on(topics.referrals, {
      'referral.created.v1': ({ data }) =>
        follow(data.caseId, {
          kind: 'reached',
          stage: 'referred',
          at: data.createdAt,
          ...(data.route.kind === 'provider'
            ? {
                provider: { providerId: data.route.providerId, itemCode: data.itemCode, referredAt: data.createdAt },
              }
            : {}),
        }),
      'referral.completed.v1': ({ data }) =>
        follow(data.caseId, { kind: 'items_completed', itemCodes: [data.itemCode], at: data.at }),
      'referral.cancelled.v1': ({ data }) =>
        follow(data.caseId, { kind: 'items_stopped', itemCodes: [data.itemCode], at: data.cancelledAt }),
    }),
    on(topics.visits, {
      'visit.scheduled.v1': ({ data, time }) =>
        follow(data.caseId, {
          kind: 'reached',
          stage: 'scheduled',
          at: time,
          visit: { ...visitOf(data), at: data.scheduledFor, delivered: false },
        }),
      // A delivery once its recipient confirmed it (or the time to confirm ran out); one the recipient disputed
      // does not put the request in service.
      'visit.delivered.v2': ({ data }) =>
        data.verification === 'disputed' ? Promise.resolve() : follow(data.caseId, inService(data)),
      'visit.delivered.v1': ({ data }) => follow(data.caseId, inService(data)),
    }),
  ];
}
