import type { StaffPrincipal } from '@carelink/auth';
import { useCaseContext, type DomainError, type EventDraft } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import type { CaseState } from '../src/domain/case';
import type { AssessmentContext } from '../src/domain/use-case';

export const policies = PolicyPacks.load();

/** A use case's context at a fixed time. */
export const contextAt = (now: Date): AssessmentContext => ({ ...useCaseContext(now), policies });

export const staff = (
  role: StaffPrincipal['role'],
  sub: string,
  jurisdiction = '341702001',
  region = 'chizhou',
): StaffPrincipal => ({ sub, role, region, jurisdiction });

/** The code of the domain error `fn` throws ('no error' when it throws none). */
export const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

/** Drafts as their type, key, id and data: what a decision says happened. */
export const said = (events: EventDraft[] | undefined) =>
  (events ?? []).map((e) => ({ type: e.type, key: e.key, id: e.id, data: e.data }));

/** A Chizhou case just opened by a window request; `over` changes what a test is about. */
export const givenCase = (over: Partial<CaseState> = {}): CaseState => ({
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  status: 'open',
  version: 0,
  person: {
    personId: 'p_0123456789abcdef',
    name: '张三',
    ageAtRegistration: 76,
    idNumberMasked: '341*************1X',
  },
  address: { county: '341702', township: '341702001', village: '341702001201' },
  declaredGroups: ['tekun'],
  declaredConditions: [],
  consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T00:00:00.000Z' },
  itemCodes: ['CZ-QJ-01'],
  channel: 'window',
  openedAt: '2026-11-25T00:00:00.000Z',
  decisions: [],
  ...over,
});
