import { CaseOpened, draft, topics, type Decision, type EventOf, type RequestRegistered } from '@carelink/contracts';
import type { CaseState } from '../case';
import type { AssessmentContext } from '../use-case';

/**
 * OpenCase: a registered request becomes a case, once. A redelivered registration finds the case and
 * changes nothing; the event id derives from the request event (runs twice, same result).
 */
export function decideOpenCase(
  current: CaseState | undefined,
  registered: EventOf<typeof RequestRegistered>,
  ctx: AssessmentContext,
): Decision<CaseState> {
  if (current) return {};
  const d = registered.data;
  const state: CaseState = {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    region: d.region,
    status: 'open',
    version: 0,
    person: {
      personId: d.applicant.personId,
      name: d.applicant.name,
      ageAtRegistration: d.applicant.ageAtRegistration,
      idNumberMasked: d.applicant.idNumberMasked,
    },
    address: d.address,
    declaredGroups: d.declaredGroups,
    declaredStatus: d.declaredStatus,
    declaredConditions: d.declaredConditions,
    consent: d.consent,
    itemCodes: d.items.map((i) => i.itemCode),
    channel: d.channel,
    openedAt: registered.time,
    decisions: [],
  };
  const opened = draft(topics.assessmentCases, CaseOpened, {
    id: ctx.derivedId(registered.id, CaseOpened.type),
    key: d.caseId,
    data: {
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      region: d.region,
      township: d.address.township,
      openedAt: registered.time,
    },
  });
  return { state, events: [opened] };
}
