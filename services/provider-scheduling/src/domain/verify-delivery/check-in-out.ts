import type { StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  freeText,
  topics,
  VisitCheckedIn,
  VisitCheckedOut,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { chinaDate, chinaDateTime, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { VISIT, visitFacts, type AssignmentState, type VisitPlace, type VisitState } from '../assignment';
import { assertNotClosed } from '../assignment-cancelled';
import type { PlanState } from '../service-plan/plan';
import { assertOwnProvider } from '../visibility';
import { placeOf, workerPosition, type GeoPoint } from './visit-place';

/** The region's rules of verified delivery (pack `visitVerification`), as plain numbers. */
export interface VerificationRules {
  farFromHomeMeters: number;
  confirmWithinHours: number;
  codeAttempts: number;
}

/** The rules of a region's pack; a region without them does not check visits in or out (400). */
export function verificationRulesOf(pack: Pick<PolicyPack, 'region' | 'visitVerification'>): VerificationRules {
  const v = pack.visitVerification;
  if (!v)
    throw DomainError.invalid(
      'no_verification_rules',
      `the policy pack of ${pack.region} sets no visitVerification rules`,
      '本地区尚未配置服务核验规则',
    );
  return {
    farFromHomeMeters: v.farFromHomeMeters.value,
    confirmWithinHours: v.confirmWithinHours.value,
    codeAttempts: v.codeAttempts.value,
  };
}

/** CheckIn: the worker arrived (the time is the platform's; the position is the phone's, if it gives one). */
export const checkInCommand = z.object({ position: workerPosition.optional() });
export type CheckIn = z.infer<typeof checkInCommand>;

/** CheckOut: the worker leaves, saying which of the visit's tasks were done, with the units served. */
export const checkOutCommand = z.object({
  position: workerPosition.optional(),
  tasksDone: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
  units: z.number().int().positive().max(1000).default(1).describe('service units, in the catalogue item unit'),
  note: freeText().max(2000).optional(),
});
export type CheckOut = z.infer<typeof checkOutCommand>;

/** What a check-in or check-out is given besides the visit: the caller, the assignment and plan, the region's rules. */
export interface OnSite {
  principal: StaffPrincipal;
  assignment: AssignmentState | undefined;
  plan: PlanState | undefined;
  rules: VerificationRules;
  /** How the recipient knows the visit's worker (张师傅), told with the check-in; absent when the worker is unknown. */
  workerDisplayName?: string;
}

const DAY_MS = 24 * 3600_000;

/** Where the plan records the recipient's home (none: not entered). */
const homeOf = (plan: PlanState | undefined): GeoPoint | undefined => plan?.home;

/**
 * Throws unless the visit's service is on at `now`: the referral still with this provider, not closed, not
 * stopped, reached the provider before now; the plan's version begun.
 */
function assertServiceOn(visit: VisitState, { assignment, plan }: OnSite, now: Date): void {
  if (assignment && (assignment.providerId !== visit.providerId || assignment.status === 'withdrawn'))
    throw DomainError.conflict(
      'assignment_withdrawn',
      `referral ${visit.referralId} was taken back from provider ${visit.providerId}`,
      '该服务派单已撤回，不能再上门服务',
    );
  if (assignment) assertNotClosed(assignment);
  if (assignment?.status === 'cancelled')
    throw DomainError.conflict(
      'service_stopped',
      `referral ${visit.referralId} was cancelled at ${assignment.cancellation?.at ?? '?'} (${assignment.cancellation?.reason ?? ''})`,
      `该服务已于${chinaDateTime(assignment.cancellation?.at ?? now)}停止（${assignment.cancellation?.reason ?? ''}），不能再上门服务`,
    );
  if (assignment && now.getTime() < new Date(assignment.offeredAt).getTime())
    throw DomainError.conflict(
      'before_referral',
      `referral ${visit.referralId} reached the provider at ${assignment.offeredAt}, after now`,
      '转介尚未派单，不能上门服务',
    );
  const version = visit.plan && plan?.versions.find((v) => v.version === visit.plan!.version);
  if (version && chinaDate(now) < version.startDate)
    throw DomainError.conflict(
      'before_plan',
      `the plan of this visit starts on ${version.startDate}`,
      `服务方案自${version.startDate}起执行，尚未开始`,
    );
}

/**
 * The worker checks in at a scheduled visit (visit.checked-in.v1): not more than a day before its time, not
 * before the referral or the plan, not after the service stopped or the referral was closed or taken back. The
 * distance from the recipient's home is measured and a far check-in flagged. Checking in again answers the
 * visit as it is (a retry of a lost answer), with no new event.
 */
export function decideCheckIn(
  visit: VisitState | undefined,
  command: CheckIn & OnSite,
  ctx: UseCaseContext,
): Decision<VisitState, VisitState> {
  if (!visit) throw DomainError.notFound(...VISIT);
  assertOwnProvider(command.principal, visit.providerId);
  if (visit.status === 'checked_in') return { result: visit };
  if (visit.status === 'cancelled')
    throw DomainError.conflict(
      'visit_cancelled',
      `visit ${visit.visitId} was cancelled (${visit.cancellation?.reason ?? ''})`,
      `该次服务已取消（${visit.cancellation?.reason ?? ''}），不能签到`,
    );
  if (visit.status === 'delivered')
    throw DomainError.conflict('already_delivered', `visit ${visit.visitId} was already delivered`, '该次服务已完成');
  const now = ctx.now;
  if (now.getTime() < new Date(visit.scheduledFor).getTime() - DAY_MS)
    throw DomainError.conflict(
      'check_in_too_early',
      `visit ${visit.visitId} is scheduled for ${visit.scheduledFor}, more than a day from now`,
      `该次服务预约在${chinaDateTime(visit.scheduledFor)}，不能提前一天以上签到`,
    );
  assertServiceOn(visit, command, now);
  const place = placeOf(command.position, homeOf(command.plan), command.rules.farFromHomeMeters);
  const checkedIn: VisitState = {
    ...visit,
    status: 'checked_in',
    checkIn: { at: now.toISOString(), by: command.principal.sub, place },
  };
  return {
    state: checkedIn,
    events: [
      draft(topics.visits, VisitCheckedIn, {
        key: visit.caseId,
        data: {
          ...visitFacts(visit),
          scheduledFor: visit.scheduledFor,
          checkedInAt: now.toISOString(),
          ...placeFacts(place),
          ...(command.workerDisplayName ? { workerDisplayName: command.workerDisplayName } : {}),
        },
      }),
    ],
    result: checkedIn,
  };
}

/** What an event says of a place. */
export function placeFacts(place: VisitPlace) {
  return {
    ...(place.distanceMeters !== undefined ? { distanceMeters: place.distanceMeters } : {}),
    farFromHome: place.farFromHome,
  };
}

/** What checking out answers: the visit, and the one-time code the first time only (none on a retry). */
export interface CheckedOut {
  visit: VisitState;
  /** The code the worker tells the recipient in person; answered once, never stored, never in an event. */
  confirmationCode?: string;
}

/** A fresh one-time code and its keyed digest (the store keeps the digest only). */
export interface IssuedCode {
  code: string;
  digest: string;
}

/**
 * Opens the recipient's confirmation of a visit delivered now: the code's digest, the window and the tries the
 * region allows. Used by check-out and by the provider's record made afterwards.
 */
export function openConfirmation(
  visit: VisitState,
  issued: IssuedCode,
  rules: VerificationRules,
  now: Date,
): Pick<VisitState, 'verification' | 'codeDigest'> {
  return {
    codeDigest: issued.digest,
    verification: {
      state: 'awaiting',
      confirmBy: new Date(now.getTime() + rules.confirmWithinHours * 3600_000).toISOString(),
      attemptsLeft: rules.codeAttempts,
    },
  };
}

/**
 * The worker checks out of a checked-in visit (visit.checked-out.v1): the tasks done among the visit's tasks (the
 * rest are not done), the units, the place against the home; the visit is delivered and its recipient is asked to
 * confirm it with a one-time code before `confirmBy`. Checking out again answers the same visit without a code
 * (the code is shown once: only its digest is kept).
 */
export function decideCheckOut(
  visit: VisitState | undefined,
  { issued, ...command }: CheckOut & OnSite & { issued: IssuedCode },
  ctx: UseCaseContext,
): Decision<VisitState, CheckedOut> {
  if (!visit) throw DomainError.notFound(...VISIT);
  assertOwnProvider(command.principal, visit.providerId);
  if (visit.status === 'delivered' && visit.checkOut) return { result: { visit } };
  if (visit.status === 'delivered')
    throw DomainError.conflict(
      'already_delivered',
      `visit ${visit.visitId} was already recorded as delivered`,
      '该次服务已登记完成',
    );
  if (visit.status === 'cancelled')
    throw DomainError.conflict(
      'visit_cancelled',
      `visit ${visit.visitId} was cancelled (${visit.cancellation?.reason ?? ''})`,
      `该次服务已取消（${visit.cancellation?.reason ?? ''}），不能签退`,
    );
  if (visit.status !== 'checked_in' || !visit.checkIn)
    throw DomainError.conflict('not_checked_in', `visit ${visit.visitId} was not checked in`, '请先签到，再签退');
  const now = ctx.now;
  if (now.getTime() <= new Date(visit.checkIn.at).getTime())
    throw DomainError.conflict(
      'check_out_before_check_in',
      `a check-out at ${now.toISOString()} is not after the check-in (${visit.checkIn.at})`,
      '签退时间须晚于签到时间',
    );
  const planned = visit.tasks ?? [];
  const unknown = command.tasksDone.filter((t) => !planned.includes(t));
  if (unknown.length > 0)
    throw DomainError.invalid(
      'unknown_task',
      `not tasks of this visit: ${unknown.join(', ')}`,
      `以下不是本次服务的任务：${unknown.join('、')}`,
      unknown.map(() => ({ path: 'tasksDone', code: 'unknown_task' })),
    );
  const tasksDone = planned.filter((t) => command.tasksDone.includes(t));
  const tasksNotDone = planned.filter((t) => !command.tasksDone.includes(t));
  const place = placeOf(command.position, homeOf(command.plan), command.rules.farFromHomeMeters);
  const at = now.toISOString();
  const delivered: VisitState = {
    ...visit,
    status: 'delivered',
    checkOut: { at, by: command.principal.sub, place, tasksDone, tasksNotDone },
    delivery: {
      deliveredAt: at,
      units: command.units,
      ...(command.note !== undefined ? { note: command.note } : {}),
      recordedBy: command.principal.sub,
      recordedAt: at,
    },
    ...openConfirmation(visit, issued, command.rules, now),
  };
  return {
    state: delivered,
    events: [checkedOutEvent(delivered)],
    result: { visit: delivered, confirmationCode: issued.code },
  };
}

/** visit.checked-out.v1 of a delivered visit whose confirmation is open (also for a record made afterwards). */
export function checkedOutEvent(visit: VisitState) {
  const deliveredAt = visit.delivery!.deliveredAt;
  const out = visit.checkOut;
  return draft(topics.visits, VisitCheckedOut, {
    key: visit.caseId,
    data: {
      ...visitFacts(visit),
      scheduledFor: visit.scheduledFor,
      checkedInAt: visit.checkIn?.at ?? deliveredAt,
      checkedOutAt: out?.at ?? deliveredAt,
      tasksDone: out?.tasksDone ?? [],
      tasksNotDone: out?.tasksNotDone ?? [],
      photoCount: visit.photos?.length ?? 0,
      ...placeFacts(farthest(visit)),
      confirmBy: visit.verification!.confirmBy,
    },
  });
}

/** The place a delivered visit is judged by: far from home when either end was; the check-out's distance. */
export function farthest(visit: VisitState): VisitPlace {
  const ends = [visit.checkIn?.place, visit.checkOut?.place].filter((p): p is VisitPlace => p !== undefined);
  const measured = ends.filter((p) => p.distanceMeters !== undefined);
  const last = measured[measured.length - 1];
  return {
    ...(last ? { distanceMeters: last.distanceMeters } : {}),
    farFromHome: ends.some((p) => p.farFromHome),
  };
}
