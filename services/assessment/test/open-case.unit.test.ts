import {
  buildEvent,
  RequestRegistered,
  requestRegisteredFromV1,
  requestRegisteredFromV2,
  RequestRegisteredV1,
} from '@carelink/contracts';
import { decideOpenCase } from '../src/domain/open-case/open-case';
import { contextAt, givenCase, said } from './fixtures';

const registered = buildEvent(RequestRegistered, {
  source: '/carelink/intake',
  key: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  time: new Date('2026-11-25T00:00:00.000Z'),
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
    address: { county: '341702', township: '341702001', village: '341702001201' },
    declaredGroups: ['tekun'],
    items: [{ itemCode: 'CZ-QJ-01' }],
    registeredAt: '2026-11-25T00:00:00.000Z',
    registeredBy: 'clerk',
    consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T00:00:00.000Z' },
  },
});

describe('opening a case (OpenCase)', () => {
  it('makes a registered request a case, and says so with an id derived from the registration', () => {
    const opened = decideOpenCase(undefined, registered, contextAt(new Date('2026-11-25T00:00:01Z')));
    expect(opened.state).toEqual(givenCase({ declaredStatus: 'declared' }));
    const again = decideOpenCase(undefined, registered, contextAt(new Date()));
    expect(said(opened.events)).toEqual([
      {
        type: 'case.opened.v1',
        key: registered.data.caseId,
        id: again.events![0]!.id,
        data: {
          caseId: registered.data.caseId,
          caseNumber: 'CZ341702-2026-000001',
          region: 'chizhou',
          township: '341702001',
          openedAt: registered.time,
        },
      },
    ]);
    expect(opened.events![0]!.id).toEqual(expect.any(String));
  });

  it('opens the same case from a v1 registration (history): the age on the registration day, a 3+2 mask', () => {
    const { applicant, household: _household, ...rest } = registered.data;
    const v1 = buildEvent(RequestRegisteredV1, {
      source: '/carelink/intake',
      key: registered.data.caseId,
      id: registered.id,
      time: new Date(registered.time),
      data: {
        ...rest,
        applicant: {
          personId: applicant.personId,
          name: applicant.name,
          idNumberMasked: '341702********001X',
          birthDate: '1950-01-01',
          sex: 'male',
        },
      },
    });
    const ctx = contextAt(new Date('2026-11-25T00:00:01Z'));
    expect(decideOpenCase(undefined, requestRegisteredFromV2(requestRegisteredFromV1(v1)), ctx)).toEqual(
      decideOpenCase(undefined, registered, ctx),
    );
  });

  it('changes nothing when the registration comes again', () => {
    expect(decideOpenCase(givenCase({ status: 'decided', version: 4 }), registered, contextAt(new Date()))).toEqual({});
  });
});
