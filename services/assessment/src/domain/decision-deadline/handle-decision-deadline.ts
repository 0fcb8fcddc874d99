import { buildEvent, DecisionOverdue, derivedEventId, topics } from '@carelink/contracts';
import type { JobBoard } from '@carelink/jobs';
import type { PolicyPack } from '@carelink/policy';
import type { CaseRepository } from '../../data-access/case-repository';
import type { ApprovalLevel } from '../case';
import { decisionDueAt, decisionTimer } from './decision-deadline';

export const DECISION_OVERDUE = 'decision-overdue';

/** Starts the clock for a level's decision (once per case and level). */
export async function startDecisionClock(
  jobs: Pick<JobBoard, 'schedule'>,
  pack: PolicyPack,
  caseId: string,
  level: ApprovalLevel,
  reachedAt: Date,
): Promise<Date> {
  const dueAt = decisionDueAt(pack, level, reachedAt);
  await jobs.schedule(
    DECISION_OVERDUE,
    `${DECISION_OVERDUE}:${caseId}:${level}`,
    { caseId, level, dueAt: dueAt.toISOString() },
    dueAt,
  );
  return dueAt;
}

/** Job entry: the level has not decided in time → escalate to the county once. */
export async function handleDecisionOverdue(
  data: { caseId: string; level: ApprovalLevel; dueAt: string },
  deps: { cases: CaseRepository; now: () => Date },
): Promise<boolean> {
  const state = await deps.cases.get(data.caseId);
  if (decisionTimer(state, data.level) === 'nothing' || !state) return false;
  const event = buildEvent(DecisionOverdue, {
    id: derivedEventId(state.caseId, DecisionOverdue.type, data.level),
    source: '/carelink/assessment',
    key: state.caseId,
    time: deps.now(),
    data: {
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      township: state.address.township,
      level: data.level,
      dueAt: data.dueAt,
      escalatedTo: state.address.county,
    },
  });
  const set = { escalatedLevels: [...(state.escalatedLevels ?? []), data.level] };
  if (!(await deps.cases.applyChange(state.caseId, state.version, { set }, [{ topic: topics.assessmentCases, event }])))
    throw new Error(`case ${state.caseNumber} changed while its decision timer ran; the job retries`);
  return true;
}
