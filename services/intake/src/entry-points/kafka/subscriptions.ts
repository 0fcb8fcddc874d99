import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { RequestRepository } from '../../data-access/request-repository';

/**
 * Intake follows each case to the end: a decided request no longer counts as open for duplicate merging,
 * and every step moves the resident-facing progress the channels read out (查询进度).
 */
export function intakeSubscriptions(requests: RequestRepository): Subscription[] {
  return [
    on(topics.assessmentCases, {
      'investigation.assigned.v1': async ({ data, time }) =>
        requests.recordProgress(data.caseId, { kind: 'reached', stage: 'investigating', at: time }),
      'investigation.recorded.v1': async ({ data }) =>
        requests.recordProgress(data.caseId, { kind: 'reached', stage: 'investigated', at: data.recordedAt }),
      'eligibility.decided.v1': async ({ data }) => {
        await requests.markDecided(data.caseId);
        await requests.recordProgress(data.caseId, { kind: 'decided', items: data.items, at: data.decidedAt });
      },
      'eligibility.changed.v1': async ({ data, time }) =>
        requests.recordProgress(data.caseId, {
          kind: 'items_stopped',
          itemCodes: data.stoppedItems.map((i) => i.itemCode),
          at: time,
        }),
    }),
    on(topics.referrals, {
      'referral.created.v1': async ({ data }) =>
        requests.recordProgress(data.caseId, { kind: 'reached', stage: 'referred', at: data.createdAt }),
      'referral.completed.v1': async ({ data }) =>
        requests.recordProgress(data.caseId, { kind: 'items_completed', itemCodes: [data.itemCode], at: data.at }),
      'referral.cancelled.v1': async ({ data }) =>
        requests.recordProgress(data.caseId, {
          kind: 'items_stopped',
          itemCodes: [data.itemCode],
          at: data.cancelledAt,
        }),
    }),
    on(topics.visits, {
      'visit.scheduled.v1': async ({ data, time }) =>
        requests.recordProgress(data.caseId, { kind: 'reached', stage: 'scheduled', at: time }),
      'visit.delivered.v1': async ({ data }) =>
        requests.recordProgress(data.caseId, { kind: 'reached', stage: 'in_service', at: data.deliveredAt }),
    }),
  ];
}
