import type { ApprovalLevel } from '../case';
import type { Timers } from '../use-case';

export const DECISION_OVERDUE = 'decision-overdue';

/** Starts the clock for a level's decision (once per case and level). */
export async function startDecisionClock(
  timers: Timers,
  caseId: string,
  level: ApprovalLevel,
  dueAt: Date,
): Promise<void> {
  await timers.schedule(
    DECISION_OVERDUE,
    `${DECISION_OVERDUE}:${caseId}:${level}`,
    { caseId, level, dueAt: dueAt.toISOString() },
    dueAt,
  );
}
