import type { CaseCommits, CaseState } from '../case';
import { startDecisionClock } from '../decision-deadline/handle-decision-deadline';
import type { ByStaff, Timers } from '../use-case';
import { decideCaseEligibility, type DecideEligibility } from './decide-eligibility';

/** Records a level's decision; when the county decides next, its clock starts. */
export async function handleDecideEligibility(
  caseId: string,
  command: ByStaff<DecideEligibility>,
  deps: { cases: CaseCommits; timers: Timers },
): Promise<CaseState> {
  const decided = await deps.cases.commit(caseId, (current, ctx) => decideCaseEligibility(current, command, ctx));
  if (decided.countyDueAt) await startDecisionClock(deps.timers, caseId, 'county', decided.countyDueAt);
  return decided.case;
}
