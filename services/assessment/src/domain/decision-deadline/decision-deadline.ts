import { addWorkingDays, type PolicyPack } from '@carelink/policy';
import type { ApprovalLevel, CaseState } from '../case';

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
