import type { CaseCommits, CaseState } from '../case';
import { startDecisionClock } from '../decision-deadline/handle-decision-deadline';
import type { ByStaff, Timers } from '../use-case';
import {
  decideAssignInvestigation,
  decideRecordInvestigation,
  type AssignInvestigation,
  type RecordInvestigation,
} from './investigate';

export const INVESTIGATION_REMINDER = 'investigation-reminder';
export const INVESTIGATION_OVERDUE = 'investigation-overdue';
const jobId = (kind: string, caseId: string, assignment: number) => `${kind}:${caseId}:${assignment}`;

/** Assigns the team, then sets the assignment's reminder and due date (those of an earlier team go). */
export async function handleAssignInvestigation(
  caseId: string,
  command: ByStaff<AssignInvestigation>,
  deps: { cases: CaseCommits; timers: Timers },
): Promise<CaseState> {
  const assigned = await deps.cases.commit(caseId, (current, ctx) => decideAssignInvestigation(current, command, ctx));
  const n = assigned.case.investigation!.assignment;
  if (n > 1) await cancelTimers(deps.timers, caseId, n - 1);
  const data = { caseId, assignment: n };
  await deps.timers.schedule(INVESTIGATION_REMINDER, jobId(INVESTIGATION_REMINDER, caseId, n), data, assigned.remindAt);
  await deps.timers.schedule(INVESTIGATION_OVERDUE, jobId(INVESTIGATION_OVERDUE, caseId, n), data, assigned.dueAt);
  return assigned.case;
}

/** Records the findings, then stops the investigation's timers and starts the township review's clock. */
export async function handleRecordInvestigation(
  caseId: string,
  command: ByStaff<RecordInvestigation>,
  deps: { cases: CaseCommits; timers: Timers },
): Promise<CaseState> {
  const recorded = await deps.cases.commit(caseId, (current, ctx) => decideRecordInvestigation(current, command, ctx));
  await cancelTimers(deps.timers, caseId, recorded.case.investigation!.assignment);
  await startDecisionClock(deps.timers, caseId, 'township', recorded.reviewDueAt);
  return recorded.case;
}

async function cancelTimers(timers: Timers, caseId: string, assignment: number): Promise<void> {
  await timers.cancel(jobId(INVESTIGATION_REMINDER, caseId, assignment));
  await timers.cancel(jobId(INVESTIGATION_OVERDUE, caseId, assignment));
}
