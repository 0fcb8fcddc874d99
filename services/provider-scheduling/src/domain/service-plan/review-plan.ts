import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  freeText,
  PlanApproved,
  PlanReturned,
  PlanStopped,
  topics,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { z } from 'zod';
import { latestVersion, PLAN, planFacts, termsOf, type PlanState, type PlanVersion } from './plan';

/** ReturnPlan: the township sends a proposed plan back to the provider, saying why. */
export const returnPlanCommand = z.object({ reason: freeText().trim().min(1).max(500) });
export type ReturnPlan = z.infer<typeof returnPlanCommand>;

/** The township of the plan's person reviews it: a township caseworker (or county officer) covering the township. */
function assertReviewer(principal: StaffPrincipal, plan: PlanState): void {
  if (principal.role !== 'township_caseworker' && principal.role !== 'county_officer')
    throw DomainError.forbidden('role_not_allowed', 'the township reviews service plans', '服务方案由乡镇（街道）审核');
  assertCovers(principal, plan.township, plan.region);
}

function awaitingReview(plan: PlanState | undefined): { plan: PlanState; version: PlanVersion } {
  if (!plan) throw DomainError.notFound(...PLAN);
  if (plan.status !== 'proposed')
    throw DomainError.conflict(
      'plan_not_proposed',
      `the plan of referral ${plan.referralId} awaits no review (it is ${plan.status})`,
      plan.status === 'stopped' ? '该服务已停止，方案不再审核' : '该服务方案没有待审核的版本',
    );
  return { plan, version: latestVersion(plan) };
}

/**
 * Approves the newest version of a proposed plan (plan.approved.v1): from now on visits are generated from it
 * (the caller generates them; visits of an older version still ahead are replaced).
 */
export function decideApprovePlan(
  current: PlanState | undefined,
  { principal }: { principal: StaffPrincipal },
  ctx: UseCaseContext,
): Decision<PlanState, PlanState> {
  if (current) assertReviewer(principal, current);
  const { plan, version } = awaitingReview(current);
  const reviewed: PlanVersion = {
    ...version,
    review: { outcome: 'approved', by: principal.sub, at: ctx.now.toISOString() },
  };
  const approved: PlanState = {
    ...plan,
    status: 'approved',
    approvedVersion: version.version,
    versions: [...plan.versions.slice(0, -1), reviewed],
  };
  return {
    state: approved,
    events: [
      draft(topics.visits, PlanApproved, {
        key: plan.caseId,
        data: { ...planFacts(plan), ...termsOf(version), approvedBy: principal.sub },
      }),
    ],
    result: approved,
  };
}

/** Returns the newest version to the provider with the reason (plan.returned.v1); an approved older version goes on. */
export function decideReturnPlan(
  current: PlanState | undefined,
  { principal, reason }: ReturnPlan & { principal: StaffPrincipal },
  ctx: UseCaseContext,
): Decision<PlanState, PlanState> {
  if (current) assertReviewer(principal, current);
  const { plan, version } = awaitingReview(current);
  const reviewed: PlanVersion = {
    ...version,
    review: { outcome: 'returned', by: principal.sub, at: ctx.now.toISOString(), reason },
  };
  const returned: PlanState = { ...plan, status: 'returned', versions: [...plan.versions.slice(0, -1), reviewed] };
  return {
    state: returned,
    events: [
      draft(topics.visits, PlanReturned, {
        key: plan.caseId,
        data: { ...planFacts(plan), planVersion: version.version, reason, returnedBy: principal.sub },
      }),
    ],
    result: returned,
  };
}

/**
 * The service stopped (dynamic management cancelled the referral, or the person's eligibility changed): the plan
 * ends at `at` (plan.stopped.v1). A stopped plan stays stopped (the same stop, told again, changes nothing).
 */
export function decideStopPlan(
  current: PlanState | undefined,
  { reason, at }: { reason: string; at: string },
): Decision<PlanState, boolean> {
  if (!current || current.status === 'stopped') return { result: false };
  const stopped: PlanState = { ...current, status: 'stopped', stop: { reason, at } };
  return {
    state: stopped,
    events: [
      draft(topics.visits, PlanStopped, {
        key: current.caseId,
        data: { ...planFacts(current), planVersion: latestVersion(current).version, reason, stoppedAt: at },
      }),
    ],
    result: true,
  };
}
