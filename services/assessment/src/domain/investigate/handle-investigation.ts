import type { StaffPrincipal } from '@carelink/auth';
import {
  buildEvent,
  derivedEventId,
  InvestigationAssigned,
  InvestigationDueSoon,
  InvestigationOverdue,
  InvestigationRecorded,
  topics,
} from '@carelink/contracts';
import type { JobBoard } from '@carelink/jobs';
import type { PolicyPacks } from '@carelink/policy';
import type { CaseRepository } from '../../data-access/case-repository';
import type { CaseState } from '../case';
import { caseChanged, caseInScope } from '../case-in-scope';
import { startDecisionClock } from '../decision-deadline/handle-decision-deadline';
import {
  assignInvestigation,
  investigationTimer,
  recordInvestigation,
  type AssignInvestigation,
  type RecordInvestigation,
} from './investigate';

export interface InvestigationDeps {
  cases: CaseRepository;
  policies: PolicyPacks;
  jobs: Pick<JobBoard, 'schedule' | 'cancel'>;
  now: () => Date;
  traceparent: () => string | undefined;
  assertInJurisdiction: (code: string) => void;
}

export const INVESTIGATION_REMINDER = 'investigation-reminder';
export const INVESTIGATION_OVERDUE = 'investigation-overdue';
const jobId = (kind: string, caseId: string, assignment: number) => `${kind}:${caseId}:${assignment}`;

export async function handleAssignInvestigation(
  caseId: string,
  command: AssignInvestigation,
  principal: StaffPrincipal,
  deps: InvestigationDeps,
): Promise<CaseState> {
  const { state, pack } = await caseInScope(caseId, deps);
  const now = deps.now();
  const plan = assignInvestigation(state, pack, command, principal.sub, now);
  const event = buildEvent(InvestigationAssigned, {
    source: '/carelink/assessment',
    key: caseId,
    time: now,
    traceparent: deps.traceparent(),
    data: {
      caseId,
      caseNumber: state.caseNumber,
      township: state.address.township,
      team: plan.investigation.team,
      assignedBy: principal.sub,
      dueAt: plan.investigation.dueAt,
    },
  });
  if (
    !(await deps.cases.applyChange(
      caseId,
      state.version,
      { set: { status: 'investigating', investigation: plan.investigation } },
      [{ topic: topics.assessmentCases, event }],
    ))
  )
    throw caseChanged(state);
  const n = plan.investigation.assignment;
  if (n > 1) {
    await deps.jobs.cancel(jobId(INVESTIGATION_REMINDER, caseId, n - 1));
    await deps.jobs.cancel(jobId(INVESTIGATION_OVERDUE, caseId, n - 1));
  }
  await deps.jobs.schedule(
    INVESTIGATION_REMINDER,
    jobId(INVESTIGATION_REMINDER, caseId, n),
    { caseId, assignment: n },
    plan.remindAt,
  );
  await deps.jobs.schedule(
    INVESTIGATION_OVERDUE,
    jobId(INVESTIGATION_OVERDUE, caseId, n),
    { caseId, assignment: n },
    plan.dueAt,
  );
  return (await deps.cases.get(caseId))!;
}

export async function handleRecordInvestigation(
  caseId: string,
  command: RecordInvestigation,
  principal: StaffPrincipal,
  deps: InvestigationDeps,
): Promise<CaseState> {
  const { state, pack } = await caseInScope(caseId, deps);
  const now = deps.now();
  const result = recordInvestigation(state, pack, command, principal.sub, now);
  const event = buildEvent(InvestigationRecorded, {
    source: '/carelink/assessment',
    key: caseId,
    time: now,
    traceparent: deps.traceparent(),
    data: {
      caseId,
      caseNumber: state.caseNumber,
      region: state.region,
      township: state.address.township,
      ...(state.address.village ? { village: state.address.village } : {}),
      recordedBy: principal.sub,
      recordedAt: result.recordedAt,
      difficulty: result.difficulty,
      ...(result.barthel
        ? { barthel: { score: result.barthel.score, band: result.barthel.band as 'independent' } }
        : {}),
      verifiedConditions: result.verifiedConditions,
      needs: result.needs,
    },
  });
  const investigation = { ...state.investigation!, result };
  if (
    !(await deps.cases.applyChange(caseId, state.version, { set: { status: 'investigated', investigation } }, [
      { topic: topics.assessmentCases, event },
    ]))
  )
    throw caseChanged(state);
  await deps.jobs.cancel(jobId(INVESTIGATION_REMINDER, caseId, investigation.assignment));
  await deps.jobs.cancel(jobId(INVESTIGATION_OVERDUE, caseId, investigation.assignment));
  await startDecisionClock(deps.jobs, pack, caseId, 'township', now);
  return (await deps.cases.get(caseId))!;
}

/** Job entry: remind the team, or escalate to the county when the due date passed unrecorded. */
export async function handleInvestigationTimer(
  kind: 'reminder' | 'overdue',
  data: { caseId: string; assignment: number },
  deps: Pick<InvestigationDeps, 'cases'> & { now: () => Date },
): Promise<boolean> {
  const state = await deps.cases.get(data.caseId);
  const action = investigationTimer(state, data.assignment, kind);
  if (action === 'nothing' || !state) return false;
  const inv = state.investigation!;
  const common = {
    caseId: state.caseId,
    caseNumber: state.caseNumber,
    township: state.address.township,
    team: inv.team.map((m) => m.staffId),
    dueAt: inv.dueAt,
  };
  const id = derivedEventId(state.caseId, kind, String(data.assignment));
  const event =
    action === 'remind'
      ? buildEvent(InvestigationDueSoon, {
          id,
          source: '/carelink/assessment',
          key: state.caseId,
          time: deps.now(),
          data: common,
        })
      : buildEvent(InvestigationOverdue, {
          id,
          source: '/carelink/assessment',
          key: state.caseId,
          time: deps.now(),
          data: { ...common, escalatedTo: state.address.county },
        });
  const set = action === 'escalate' ? { investigation: { ...inv, overdue: true } } : {};
  if (!(await deps.cases.applyChange(state.caseId, state.version, { set }, [{ topic: topics.assessmentCases, event }])))
    throw new Error(`case ${state.caseNumber} changed while its ${kind} timer ran; the job retries`);
  return true;
}
