import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, topics, VisitDelivered } from '@carelink/contracts';
import { AppError } from '@carelink/http';
import type { AssignmentRepository } from '../../data-access/assignment-repository';
import type { VisitRepository } from '../../data-access/visit-repository';
import type { VisitState } from '../assignment';
import { recordDelivery, type RecordDelivery } from './record-delivery';

export async function handleRecordDelivery(
  visitId: string,
  command: RecordDelivery,
  principal: StaffPrincipal,
  deps: {
    assignments: AssignmentRepository;
    visits: VisitRepository;
    now: () => Date;
    traceparent: () => string | undefined;
  },
): Promise<VisitState> {
  const visit = await deps.visits.get(visitId);
  if (!visit) throw AppError.notFound('visit', '服务记录');
  const now = deps.now();
  const assignment = await deps.assignments.get(visit.referralId);
  const { delivery } = recordDelivery(visit, principal, command, now, assignment ?? undefined);
  const event = buildEvent(VisitDelivered, {
    source: '/carelink/provider-scheduling',
    key: visit.caseId,
    time: now,
    traceparent: deps.traceparent(),
    data: {
      visitId,
      referralId: visit.referralId,
      caseId: visit.caseId,
      region: visit.region,
      township: visit.township,
      providerId: visit.providerId,
      workerId: visit.workerId,
      itemCode: visit.itemCode,
      deliveredAt: delivery.deliveredAt,
      units: delivery.units,
      ...(delivery.note !== undefined ? { note: delivery.note } : {}),
    },
  });
  if (!(await deps.visits.recordDelivery(visitId, delivery, [{ topic: topics.visits, event }])))
    throw AppError.conflict(
      'already_delivered',
      `visit ${visitId} was already recorded as delivered`,
      '该次服务已登记完成，请勿重复登记',
    );
  return (await deps.visits.get(visitId))!;
}
