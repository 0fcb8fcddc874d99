import { DecisionOverdue, draft, topics, type Decision } from '@carelink/contracts';
import { addWorkingDays, type PolicyPack } from '@carelink/policy';
import { changed, type ApprovalLevel, type CaseState } from '../case';
import type { AssessmentContext } from '../use-case';

/** When a level's decision is due, counted in working days from when the case reached it. */
export function decisionDueAt(pack: PolicyPack, level: ApprovalLevel, reachedAt: Date): Date {
  const days =
    level === 'township' ? pack.timeLimits.townshipReviewWorkingDays : pack.timeLimits.countyApprovalWorkingDays!;
  return addWorkingDays(reachedAt, days, pack.workingCalendar);
}

/** Escalate when the case still waits for that level and was not escalated for it before. */
export function decisionTimer(state: CaseState | null, level: ApprovalLevel): 'escalate' | 'nothing' {
  if (!state) return 'nothing';
  const waiting =
    (level === 'township' && state.status === 'investigated') ||
    (level === 'county' && state.status === 'awaiting_county');
  return waiting && !(state.escalatedLevels ?? []).includes(level) ? 'escalate' : 'nothing';
}

/**
 * The decision-overdue job of a level: escalate to the county once while the case still waits for that
 * level (the event id derives from the case and the level, so a job that runs twice says it once).
 */
export function decideDecisionOverdue(
  current: CaseState | undefined,
  timer: { level: ApprovalLevel; dueAt: string },
  ctx: AssessmentContext,
): Decision<CaseState> {
  if (!current || decisionTimer(current, timer.level) === 'nothing') return {};
  return {
    state: changed(current, { escalatedLevels: [...(current.escalatedLevels ?? []), timer.level] }),
    events: [
      draft(topics.assessmentCases, DecisionOverdue, {
        id: ctx.derivedId(current.caseId, DecisionOverdue.type, timer.level),
        key: current.caseId,
        data: {
          caseId: current.caseId,
          caseNumber: current.caseNumber,
          township: current.address.township,
          level: timer.level,
          dueAt: timer.dueAt,
          escalatedTo: current.address.county,
        },
      }),
    ],
  };
}
