import type { SchedulingPorts } from '../scheduling-ports';
import { cancelVisit } from '../schedule-visit/book-visit';
import { decideStopPlan } from '../service-plan/review-plan';

/**
 * Dynamic management stopped the person's service (the referral was cancelled, or the item no longer qualifies):
 * at once the plan stops (plan.stopped.v1) and every visit scheduled to start after the stop is cancelled
 * (visit.cancelled.v1, cause service_stopped), its worker's time freed. Visits before the stop may still be
 * recorded. Told twice, the second time changes nothing.
 */
export async function stopService(
  ports: SchedulingPorts,
  { referralId, reason, at }: { referralId: string; reason: string; at: string },
): Promise<number> {
  await ports.plans.commit(referralId, (plan) => decideStopPlan(plan, { reason, at }));
  const ahead = await ports.visits.scheduledAfter(referralId, at);
  for (const visit of ahead) await cancelVisit(ports, visit.visitId, { reason, cause: 'service_stopped' });
  return ahead.length;
}
