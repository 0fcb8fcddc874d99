import { checkCharacter, DomainError, useCaseContext } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import fc from 'fast-check';
import {
  acknowledgementMessage,
  decideMerge,
  decideRegistration,
  formatCaseNumber,
  planRegistration,
  registerRequestCommand,
  validateRequest,
  type NewRegistration,
  type RegisterRequest,
  type ServiceRequest,
} from '../src/domain/register-request/register-request';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const today = new Date('2026-11-25T00:00:00Z');
const id = (first17: string) => first17 + checkCharacter(first17);

const valid: RegisterRequest = {
  region: 'chizhou',
  channel: 'window',
  applicant: { name: '王秀英', idNumber: id('34170219480315022'), phone: '139 0566 1234' },
  address: { township: '341702001', village: '341702001201' },
  declaredGroups: ['tekun'],
  declaredConditions: [],
  household: [],
  consentToShare: true,
  items: ['CZ-QJ-01', 'CZ-QJ-01', 'CZ-JK-01'],
};

const nonBlank = fc.string({ minLength: 1, maxLength: 50 }).filter((s) => s.trim().length > 0);

const problem = (command: RegisterRequest) => {
  try {
    validateRequest(command, packs.get(command.region), today);
    return 'accepted';
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('validating a service request against the region', () => {
  it('derives the birth date from the ID number (for the age), masks it to 3+2, and de-duplicates items', () => {
    const v = validateRequest(valid, chizhou, today);
    expect(v.applicant).toMatchObject({
      birthDate: '1948-03-15',
      idNumberMasked: `341*************${valid.applicant.idNumber.slice(16)}`,
      phone: '13905661234',
    });
    expect(v.applicant).not.toHaveProperty('sex');
    expect(v.countyCode).toBe('341702');
    expect(v.itemCodes).toEqual(['CZ-QJ-01', 'CZ-JK-01']);
  });

  it.each([
    [
      'a wrong check digit',
      {
        ...valid,
        applicant: {
          ...valid.applicant,
          idNumber: valid.applicant.idNumber.slice(0, 17) + (valid.applicant.idNumber[17] === '0' ? '1' : '0'),
        },
      },
      'invalid_id_number',
    ],
    ['a bad phone', { ...valid, applicant: { ...valid.applicant, phone: '12345' } }, 'invalid_phone'],
    [
      'a village of another township',
      { ...valid, address: { township: '341702002', village: '341702001201' } },
      'unknown_place',
    ],
    ['a Changji item', { ...valid, items: ['CJ-SH-04'] }, 'unknown_service_item'],
    ['an unknown region', { ...valid, region: 'atlantis' }, 'unknown_region'],
  ])('refuses %s', (_what, command, code) => {
    expect(problem(command as RegisterRequest)).toBe(code);
  });

  it('takes an applicant who declares no assistance status, or is not sure; refuses one who says neither', () => {
    expect(validateRequest(valid, chizhou, today).declaredStatus).toBe('declared');
    for (const declaredStatus of ['none', 'not_sure'] as const)
      expect(validateRequest({ ...valid, declaredGroups: [], declaredStatus }, chizhou, today).declaredStatus).toBe(
        declaredStatus,
      );
    expect(problem({ ...valid, declaredGroups: [] })).toBe('assistance_status_missing');
    expect(problem({ ...valid, declaredGroups: [], declaredStatus: 'declared' })).toBe('assistance_status_missing');
    expect(problem({ ...valid, declaredStatus: 'none' })).toBe('assistance_status_contradiction');
    expect(problem({ ...valid, declaredStatus: 'not_sure' })).toBe('assistance_status_contradiction');
    // The command's schema no longer requires a status: the declaration decides.
    expect(registerRequestCommand.safeParse({ ...valid, declaredGroups: undefined }).success).toBe(true);
  });

  it('checks household members’ ID numbers and keeps only what is needed of them', () => {
    const spouse = id('34170219500607002');
    const v = validateRequest(
      {
        ...valid,
        household: [
          { name: '李大伯', relation: '配偶', idNumber: spouse },
          { name: '小李', relation: '孙子' },
        ],
      },
      chizhou,
      today,
    );
    expect(v.household).toEqual([
      {
        name: '李大伯',
        relation: '配偶',
        idNumber: spouse,
        idNumberMasked: `341*************${spouse.slice(16)}`,
        birthDate: '1950-06-07',
      },
      { name: '小李', relation: '孙子' },
    ]);
    expect(problem({ ...valid, household: [{ name: 'x', relation: '子女', idNumber: '34170219500607001X' }] })).toBe(
      'invalid_id_number',
    );
    expect(
      problem({ ...valid, household: [{ name: '本人', relation: '本人', idNumber: valid.applicant.idNumber }] }),
    ).toBe('member_is_applicant');
  });

  it('gives residents a Chinese message for a bad ID number', () => {
    try {
      validateRequest({ ...valid, applicant: { ...valid.applicant, idNumber: '34170219480315' } }, chizhou, today);
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).messageZh).toContain('18位');
    }
    expect.assertions(2);
  });

  it('numbers cases by region, county and year', () => {
    expect(formatCaseNumber('CZ', '341702', 2026, 123)).toBe('CZ341702-2026-000123');
  });

  it('merges items already open for the person and opens the rest', () => {
    const open = [{ caseId: 'c1', caseNumber: 'CZ341702-2026-000007', itemCodes: ['B', 'C'] }];
    expect(planRegistration(['A', 'B'], open)).toEqual({
      newItems: ['A'],
      merged: [{ itemCode: 'B', caseId: 'c1', caseNumber: 'CZ341702-2026-000007' }],
    });
    expect(planRegistration(['B'], open).newItems).toEqual([]);
    const ack = acknowledgementMessage('CZ341702-2026-000008', [{ itemCode: 'B', caseNumber: 'CZ341702-2026-000007' }]);
    expect(ack.zh).toContain('受理编号 CZ341702-2026-000008');
    expect(ack.zh).toContain('其中1项服务已在办理中（受理编号 CZ341702-2026-000007）');
  });

  it('never crashes on arbitrary input: it is either a valid command or a clear error (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const parsed = registerRequestCommand.safeParse(input);
        if (!parsed.success) return;
        const outcome = problem(parsed.data);
        expect(typeof outcome).toBe('string');
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          region: fc.constantFrom('chizhou', 'x'),
          channel: fc.constantFrom('window', 'ivr'),
          applicant: fc.record({ name: nonBlank, idNumber: nonBlank }),
          address: fc.record({ township: fc.stringMatching(/^\d{9}$/) }),
          declaredGroups: fc.constant(['tekun']),
          items: fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 }),
        }),
        (input) => {
          const parsed = registerRequestCommand.safeParse(input);
          expect(parsed.success).toBe(true);
          expect([
            'accepted',
            'invalid_id_number',
            'unknown_place',
            'unknown_service_item',
            'unknown_region',
          ]).toContain(problem(parsed.data!));
        },
      ),
    );
  });
});

describe('deciding a registration', () => {
  const CASE = '0192f3a4-5b6c-7d8e-9f00-112233445566';
  const OPEN_CASE = '0192f3a4-5b6c-7d8e-9f00-000000000007';
  const ctx = useCaseContext(new Date('2026-11-25T08:30:00.000Z'));
  const registration = (over: Partial<NewRegistration> = {}): NewRegistration => ({
    caseId: CASE,
    caseNumber: 'CZ341702-2026-000008',
    personId: 'p_0123456789abcdef0123456789abcdef',
    command: valid,
    validated: { ...validateRequest(valid, chizhou, today), itemCodes: ['CZ-QJ-01'] },
    merged: [{ itemCode: 'CZ-JK-01', caseId: OPEN_CASE, caseNumber: 'CZ341702-2026-000007' }],
    registeredBy: 'clerk-1',
    ...over,
  });
  const registered = (over?: Partial<NewRegistration>) => decideRegistration(undefined, registration(over), ctx);

  it('opens the request with its registration and the acknowledgement, the merged items named in both answers', () => {
    const { state, events, result } = registered();
    expect(state).toMatchObject({
      caseId: CASE,
      caseNumber: 'CZ341702-2026-000008',
      status: 'registered',
      itemCodes: ['CZ-QJ-01'],
      address: { county: '341702', township: '341702001', village: '341702001201' },
      registeredAt: ctx.now,
      consent: { given: true, givenBy: 'applicant', recordedAt: ctx.now.toISOString() },
    });
    expect(events!.map((e) => [e.topic.name, e.type, e.key])).toEqual([
      ['carelink.intake.requests.v1', 'request.registered.v3', CASE],
      ['carelink.intake.requests.v1', 'request.acknowledged.v1', CASE],
      // The applicant consented: their contact goes to referral (share-contact.unit.test.ts).
      ['carelink.intake.contacts.v1', 'contact.shared.v1', CASE],
    ]);
    expect(events![0]!.data).toMatchObject({
      applicant: {
        personId: registration().personId,
        idNumberMasked: `341*************${valid.applicant.idNumber.slice(16)}`,
        ageAtRegistration: 78,
      },
      items: [{ itemCode: 'CZ-QJ-01' }],
      registeredAt: '2026-11-25T08:30:00.000Z',
      registeredBy: 'clerk-1',
    });
    const merged = [{ itemCode: 'CZ-JK-01', caseNumber: 'CZ341702-2026-000007' }];
    expect(events![1]!.data).toMatchObject({ outcome: 'registered', mergedItems: merged, channel: 'window' });
    expect(result).toMatchObject({ status: 'registered', caseId: CASE, mergedItems: merged });
    expect(result!.acknowledgement.zh).toContain('受理编号 CZ341702-2026-000008');
  });

  it('registers a request whose applicant is not sure of their status, and says so in the event and the request', () => {
    const command: RegisterRequest = {
      ...valid,
      channel: 'chatbot',
      applicant: { ...valid.applicant, phoneSource: 'typed' },
      declaredGroups: [],
      declaredStatus: 'not_sure',
    };
    const { state, events } = registered({ command, validated: validateRequest(command, chizhou, today) });
    expect(state).toMatchObject({ declaredGroups: [], declaredStatus: 'not_sure', phoneSource: 'typed' });
    expect(events![0]!.data).toMatchObject({ declaredGroups: [], declaredStatus: 'not_sure' });
    // The way the phone came is the request's business: no phone detail goes on the event.
    expect(JSON.stringify(events![0]!.data)).not.toMatch(/phone/i);
    // A source without a phone records nothing.
    const noPhone = {
      ...command,
      applicant: { name: '王秀英', idNumber: valid.applicant.idNumber, phoneSource: 'typed' as const },
    };
    expect(
      registered({ command: noPhone, validated: validateRequest(noPhone, chizhou, today) }).state,
    ).not.toHaveProperty('phoneSource');
  });

  it('keeps household ID numbers out of the event, and in the request for intake to seal', () => {
    const spouse = id('34170219500607002');
    const command = { ...valid, household: [{ name: '李大伯', relation: '配偶', idNumber: spouse }] };
    const { state, events } = registered({ command, validated: validateRequest(command, chizhou, today) });
    expect(state!.household).toEqual([
      expect.objectContaining({ relation: '配偶', idNumber: spouse, ageAtRegistration: 76 }),
    ]);
    expect(events![0]!.data).toMatchObject({ household: [{ relation: '配偶', ageAtRegistration: 76 }] });
    expect(JSON.stringify(events)).not.toContain(spouse);
  });

  it('gives ages on the day of registration, never a birth date, in the event and in the request', () => {
    const { state, events } = registered();
    expect(state!.applicant).toEqual({
      name: '王秀英',
      idNumberMasked: `341*************${valid.applicant.idNumber.slice(16)}`,
      ageAtRegistration: 78,
    });
    expect(JSON.stringify({ state, data: events!.map((e) => e.data) })).not.toMatch(/birthDate|1948-03-15|"sex"/);
  });

  it('takes the age on the China calendar day: just after midnight in China the applicant is already 60', () => {
    // 00:30 on 26 November in China is still 25 November in UTC; born 26 November 1966.
    const turning60 = { ...valid, applicant: { name: '李四', idNumber: id('34170219661126002') } };
    const justAfterMidnight = useCaseContext(new Date('2026-11-25T16:30:00Z'));
    const { events } = decideRegistration(
      undefined,
      registration({ command: turning60, validated: validateRequest(turning60, chizhou, today) }),
      justAfterMidnight,
    );
    expect(events![0]!.data).toMatchObject({ applicant: { ageAtRegistration: 60 } });
  });

  it('gives the events the ids an Idempotency-Key stands for, so that a retry yields the same events', () => {
    const eventIds = { registered: 'e-registered', acknowledged: 'e-acknowledged' };
    expect(registered({ eventIds }).events!.map((e) => e.id)).toEqual(['e-registered', 'e-acknowledged']);
    expect(registered().events!.map((e) => e.id)).toEqual([undefined, undefined]);
  });

  it('answers a retry under the same key with the first registration, writing nothing', () => {
    const first = registered().state as ServiceRequest;
    const again = decideRegistration(first, registration({ caseNumber: 'CZ341702-2026-000009' }), ctx);
    expect(again.state).toBeUndefined();
    expect(again.events).toBeUndefined();
    expect(again.result).toMatchObject({ status: 'registered', replayed: true, caseNumber: 'CZ341702-2026-000008' });
  });

  it('refuses the same key for another person', () => {
    const first = registered().state as ServiceRequest;
    expect(() => decideRegistration(first, registration({ personId: 'p_someone_else' }), ctx)).toThrow(
      expect.objectContaining({ kind: 'unprocessable', code: 'idempotency_key_reused' }),
    );
  });

  it('acknowledges an application whose items are all open on the request they are open in, changing nothing', () => {
    const open = registered().state as ServiceRequest;
    const merged = [{ itemCode: 'CZ-QJ-01', caseId: CASE, caseNumber: open.caseNumber }];
    const { state, events, result } = decideMerge(open, { channel: 'chatbot', merged }, ctx);
    expect(state).toBeUndefined();
    expect(events!.map((e) => [e.type, e.key])).toEqual([['request.acknowledged.v1', CASE]]);
    expect(events![0]!.data).toMatchObject({ outcome: 'merged', channel: 'chatbot', caseNumber: open.caseNumber });
    expect(result).toMatchObject({ status: 'merged', caseId: CASE, caseNumber: open.caseNumber });
    expect(result!.acknowledgement.zh).toContain('无需重复申请');
  });
});
