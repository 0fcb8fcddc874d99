import {
  buildEvent,
  RequestRegistered,
  requestRegisteredFromV1,
  requestRegisteredFromV2,
  RequestRegisteredV1,
} from '@carelink/contracts';
import { knownCaseOf } from '../src/domain/remember-case/remember-case';

describe('the case directory', () => {
  it('keeps what complaints need of a registered request', () => {
    const event = buildEvent(RequestRegistered, {
      source: '/carelink/intake',
      key: '0192f3a4-5b6c-7d8e-9f00-112233445566',
      data: {
        caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
        caseNumber: 'CZ341702-2026-000001',
        region: 'chizhou',
        channel: 'window',
        applicant: {
          personId: 'p_0123456789abcdef',
          name: '张三',
          idNumberMasked: '341*************1X',
          ageAtRegistration: 76,
        },
        address: { county: '341702', township: '341702001' },
        declaredGroups: ['tekun'],
        declaredConditions: [],
        items: [{ itemCode: 'CZ-QJ-01' }],
        registeredAt: '2026-11-25T01:00:00.000Z',
        registeredBy: 'clerk',
        consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T08:00:00.000Z' },
      },
    });
    expect(knownCaseOf(event)).toEqual({
      caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      township: '341702001',
      personId: 'p_0123456789abcdef',
    });
    // A v1 registration (history), read as v2, gives the same entry.
    const { applicant, household: _household, ...rest } = event.data;
    const v1 = buildEvent(RequestRegisteredV1, {
      source: '/carelink/intake',
      key: event.partitionkey,
      data: {
        ...rest,
        applicant: { ...applicant, idNumberMasked: '341702********001X', birthDate: '1950-01-01', sex: 'male' },
      },
    });
    expect(knownCaseOf(requestRegisteredFromV2(requestRegisteredFromV1(v1)))).toEqual(knownCaseOf(event));
  });
});
