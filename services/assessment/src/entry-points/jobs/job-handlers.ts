import type { JobHandler } from '@carelink/jobs';
import type { CaseCommits } from '../../domain/case';
import { decideDecisionOverdue } from '../../domain/decision-deadline/decision-deadline';
import { DECISION_OVERDUE } from '../../domain/decision-deadline/handle-decision-deadline';
import type { FollowUpList, FollowUps } from '../../domain/dynamic-management/dynamic-management';
import { makeMonthlyFollowUpLists } from '../../domain/dynamic-management/handle-status-change';
import { INVESTIGATION_OVERDUE, INVESTIGATION_REMINDER } from '../../domain/investigate/handle-investigation';
import { decideInvestigationTimer } from '../../domain/investigate/investigate';
import type { Commits } from '../../domain/use-case';

export const FOLLOW_UP_LISTS = 'follow-up-lists';

/** The delayed and repeating work of assessment (BullMQ): each job commits its use case on the case. */
export function assessmentJobs(deps: {
  cases: CaseCommits;
  followUps: FollowUps;
  followUpLists: Commits<FollowUpList>;
}): Record<string, JobHandler> {
  const { cases } = deps;
  const investigationTimer =
    (kind: 'reminder' | 'overdue'): JobHandler =>
    ({ data }: { data: { caseId: string; assignment: number } }) =>
      cases.commit(data.caseId, (current, ctx) =>
        decideInvestigationTimer(current, { kind, assignment: data.assignment }, ctx),
      );
  return {
    [INVESTIGATION_REMINDER]: investigationTimer('reminder'),
    [INVESTIGATION_OVERDUE]: investigationTimer('overdue'),
    [DECISION_OVERDUE]: ({ data }: { data: { caseId: string; level: 'township' | 'county'; dueAt: string } }) =>
      cases.commit(data.caseId, (current, ctx) => decideDecisionOverdue(current, data, ctx)),
    [FOLLOW_UP_LISTS]: async () => void (await makeMonthlyFollowUpLists(new Date(), deps)),
  };
}
