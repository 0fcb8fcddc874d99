import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, EligibilityDecided, topics } from '@carelink/contracts';
import { AppError } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import type { CaseRepository } from '../../data-access/case-repository';
import type { CaseState } from '../case';
import { caseChanged, caseInScope } from '../case-in-scope';
import { startDecisionClock } from '../decision-deadline/handle-decision-deadline';
import type { JobBoard } from '@carelink/jobs';
import { decideEligibility, levelOfRole, type DecideEligibility } from './decide-eligibility';

export async function handleDecideEligibility(
  caseId: string,
  command: DecideEligibility,
  principal: StaffPrincipal,
  deps: {
    cases: CaseRepository;
    policies: PolicyPacks;
    jobs: Pick<JobBoard, 'schedule'>;
    now: () => Date;
    traceparent: () => string | undefined;
    assertInJurisdiction: (code: string) => void;
  },
): Promise<CaseState> {
  const { state, pack } = await caseInScope(caseId, deps);
  const level = levelOfRole(principal.role);
  if (!level)
    throw AppError.forbidden(
      'role_not_allowed',
      'only township caseworkers and county officers decide eligibility',
      '您的岗位无权审核',
    );
  const now = deps.now();
  const result = decideEligibility(state, pack, level, principal.sub, command, now);
  const events = result.final
    ? [
        {
          topic: topics.assessmentCases,
          event: buildEvent(EligibilityDecided, {
            source: '/carelink/assessment',
            key: caseId,
            time: now,
            traceparent: deps.traceparent(),
            data: {
              caseId,
              caseNumber: state.caseNumber,
              region: state.region,
              packVersion: pack.version,
              person: { personId: state.person.personId, name: state.person.name },
              address: state.address,
              items: result.final,
              consent: state.consent,
              decidedBy: principal.sub,
              decidedAt: now.toISOString(),
            },
          }),
        },
      ]
    : [];
  if (
    !(await deps.cases.applyChange(
      caseId,
      state.version,
      { set: { status: result.status }, decision: result.decision },
      events,
    ))
  )
    throw caseChanged(state);
  if (result.status === 'awaiting_county') await startDecisionClock(deps.jobs, pack, caseId, 'county', now);
  return (await deps.cases.get(caseId))!;
}
