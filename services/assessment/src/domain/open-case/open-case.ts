import {
  buildEvent,
  CaseOpened,
  derivedEventId,
  topics,
  type EventOf,
  type RequestRegistered,
} from '@carelink/contracts';
import type { PendingEvent } from '@carelink/store';
import type { CaseState } from '../case';

/** OpenCase: a registered request becomes a case; the event id derives from the request event (runs twice, same result). */
export function openCase(registered: EventOf<typeof RequestRegistered>): { state: CaseState; events: PendingEvent[] } {
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
      birthDate: d.applicant.birthDate,
      idNumberMasked: d.applicant.idNumberMasked,
    },
    address: d.address,
    declaredGroups: d.declaredGroups,
    declaredConditions: d.declaredConditions,
    consent: d.consent,
    itemCodes: d.items.map((i) => i.itemCode),
    channel: d.channel,
    openedAt: registered.time,
    decisions: [],
  };
  const event = buildEvent(CaseOpened, {
    id: derivedEventId(registered.id, CaseOpened.type),
    source: '/carelink/assessment',
    key: d.caseId,
    time: new Date(registered.time),
    traceparent: registered.traceparent,
    data: {
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      region: d.region,
      township: d.address.township,
      openedAt: registered.time,
    },
  });
  return { state, events: [{ topic: topics.assessmentCases, event }] };
}
