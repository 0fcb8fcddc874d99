import type { StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  freeText,
  PlanChanged,
  PlanProposed,
  topics,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { z } from 'zod';
import { assertNotCancelled } from '../assignment-cancelled';
import { ASSIGNMENT, type AssignmentState } from '../assignment';
import { geoPoint } from '../verify-delivery/visit-place';
import { assertOwnProvider } from '../visibility';
import { assertMayServe, type TrainingRule, type WorkerState } from '../worker';
import { checkTerms, latestVersion, planFacts, planTerms, termsOf, type PlanState, type PlanVersion } from './plan';

/** ProposePlan: the provider's service plan (服务方案) of an accepted assignment; a change names its reason. */
export const proposePlanCommand = planTerms.extend({
  home: geoPoint
    .optional()
    .describe("the recipient's home (WGS 84), to measure check-ins against; none: kept as before (or unknown)"),
  reason: freeText()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe('why the plan changes (needed for every version after the first)'),
});
export type ProposePlan = z.infer<typeof proposePlanCommand>;

export interface ProposePlanOf extends ProposePlan {
  principal: StaffPrincipal;
  assignment: AssignmentState | undefined;
  /** The worker the plan names, as registered (none: not registered). */
  worker: WorkerState | undefined;
  trainingRule: TrainingRule;
}

/**
 * Proposes the first version of the plan of an accepted assignment (plan.proposed.v1), or a new version of it with
 * the reason (plan.changed.v1): the old versions are kept, the new one awaits the township's approval while visits
 * go on from the version approved before. The named worker must be able to serve the item from the first day.
 */
export function decideProposePlan(
  current: PlanState | undefined,
  { principal, assignment, worker, trainingRule, reason, home, ...terms }: ProposePlanOf,
  ctx: UseCaseContext,
): Decision<PlanState, PlanState> {
  if (!assignment) throw DomainError.notFound(...ASSIGNMENT);
  assertOwnProvider(principal, assignment.providerId);
  assertNotCancelled(assignment);
  if (assignment.status !== 'accepted')
    throw DomainError.conflict(
      'not_accepted',
      `referral ${assignment.referralId} must be accepted before its plan is proposed`,
      '请先接单，再制定服务方案',
    );
  checkTerms(terms, assignment.offeredAt);
  assertMayServe(terms.workerId, worker, {
    providerId: assignment.providerId,
    itemCode: assignment.itemCode,
    day: terms.startDate,
    rule: trainingRule,
  });
  const at = ctx.now.toISOString();
  const homeEntered = home ? { home: { ...home, recordedBy: principal.sub, recordedAt: at } } : {};
  if (!current) {
    const first: PlanVersion = { ...terms, version: 1, proposedBy: principal.sub, proposedAt: at };
    const plan: PlanState = {
      planId: assignment.referralId,
      referralId: assignment.referralId,
      caseId: assignment.caseId,
      caseNumber: assignment.caseNumber,
      region: assignment.region,
      township: assignment.township,
      providerId: assignment.providerId,
      itemCode: assignment.itemCode,
      person: assignment.person,
      status: 'proposed',
      versions: [first],
      ...homeEntered,
    };
    return {
      state: plan,
      events: [
        draft(topics.visits, PlanProposed, {
          key: plan.caseId,
          data: { ...planFacts(plan), ...termsOf(first), proposedBy: principal.sub },
        }),
      ],
      result: plan,
    };
  }
  if (current.status === 'stopped')
    throw DomainError.conflict(
      'plan_stopped',
      `the plan of referral ${current.referralId} was stopped: ${current.stop?.reason ?? ''}`,
      `该服务已停止（${current.stop?.reason ?? ''}），不能再调整方案`,
    );
  if (!reason)
    throw DomainError.invalid(
      'reason_required',
      'a changed plan names the reason for the change',
      '调整服务方案须说明原因',
      [{ path: 'reason', code: 'reason_required' }],
    );
  const previous = latestVersion(current);
  const next: PlanVersion = {
    ...terms,
    version: previous.version + 1,
    reason,
    proposedBy: principal.sub,
    proposedAt: at,
  };
  const plan: PlanState = { ...current, status: 'proposed', versions: [...current.versions, next], ...homeEntered };
  return {
    state: plan,
    events: [
      draft(topics.visits, PlanChanged, {
        key: plan.caseId,
        data: {
          ...planFacts(plan),
          ...termsOf(next),
          previousVersion: previous.version,
          reason,
          changedBy: principal.sub,
        },
      }),
    ],
    result: plan,
  };
}
