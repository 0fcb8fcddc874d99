import type { StaffPrincipal } from '@carelink/auth';
import { documentType, loadPolicyPacks } from '@carelink/policy';
import type { CaseState } from '../src/domain/case';
import { decideCaseEligibility, decideEligibility } from '../src/domain/decide-eligibility/decide-eligibility';
import { code, contextAt, said, staff } from './fixtures';

const packs = loadPolicyPacks();
const ALL_DOCUMENTS = documentType.options;
const now = new Date('2026-11-25T09:00:00+08:00');

function givenCase(region: 'chizhou' | 'changji', over: Partial<CaseState> = {}): CaseState {
  return {
    caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
    caseNumber: 'X-1',
    region,
    status: 'investigated',
    version: 2,
    person: { personId: 'p_x', name: '张三', ageAtRegistration: 76, idNumberMasked: '341*************1X' },
    address: { county: '341702', township: '341702001' },
    declaredGroups: ['tekun'],
    declaredConditions: [],
    consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T00:00:00.000Z' },
    itemCodes: region === 'chizhou' ? ['CZ-QJ-01', 'CZ-NL-01'] : ['CJ-ZH-03'],
    channel: 'window',
    openedAt: now.toISOString(),
    decisions: [],
    // Every document a region may require is on file; the tests about missing documents take some away.
    documents: ALL_DOCUMENTS.map((kind, i) => ({ attachmentId: `a${i}`, kind, at: now.toISOString() })),
    investigation: {
      assignment: 1,
      team: [
        { staffId: 's1', name: '甲', office: '341702001' },
        { staffId: 's2', name: '乙', office: '341702001201' },
      ],
      assignedBy: 'clerk',
      assignedAt: now.toISOString(),
      dueAt: now.toISOString(),
      overdue: false,
      result: {
        recordedBy: 's1',
        recordedAt: now.toISOString(),
        household: { members: 1, livingAlone: true },
        difficulty: { types: ['行动不便'], degree: 'moderate' },
        needs: [{ kind: 'common', category: 'cleaning', description: '居家清洁' }],
        verifiedConditions: [],
        conditionReasons: [],
      },
    },
    ...over,
  };
}

describe('deciding eligibility along the region’s approval chain', () => {
  it('Chizhou: the township decision is final; skills training has no age gate there (plan 000 sets none)', () => {
    const r = decideEligibility(
      givenCase('chizhou'),
      packs.get('chizhou')!,
      'township',
      'clerk',
      {
        items: [
          { itemCode: 'CZ-QJ-01', approve: true },
          { itemCode: 'CZ-NL-01', approve: true },
        ],
      },
      now,
    );
    expect(r.status).toBe('decided');
    expect(r.final).toEqual([
      { itemCode: 'CZ-QJ-01', approved: true, reason: expect.stringContaining('特困人员') },
      { itemCode: 'CZ-NL-01', approved: true, reason: expect.not.stringContaining('周岁') },
    ]);
  });

  it('judges age by the age on the day of registration (受理之日), which the case carries instead of a birth date', () => {
    // Registered at 60 (intake takes the age on the China calendar day): Changji's 16–59 training gate
    // (001 四(四)二) refuses, whenever the decision is taken.
    const registeredAt60 = givenCase('changji', {
      person: { personId: 'p_y', name: '李四', ageAtRegistration: 60, idNumberMasked: '652*************2X' },
      address: { county: '652301', township: '652301001' },
      itemCodes: ['CJ-GA-02'],
    });
    const decide = (approve: boolean) =>
      decideEligibility(
        registeredAt60,
        packs.get('changji')!,
        'township',
        'clerk',
        { items: [{ itemCode: 'CJ-GA-02', approve }] },
        now,
      );
    expect(code(() => decide(true))).toBe('not_eligible');
    expect(decide(false).decision.items).toEqual([
      { itemCode: 'CJ-GA-02', approved: false, reason: expect.stringContaining('16至59周岁，申请人60周岁') },
    ]);
  });

  it('Changji: the township reviews, the county approves and files', () => {
    const pack = packs.get('changji')!;
    const first = decideEligibility(
      givenCase('changji'),
      pack,
      'township',
      'clerk',
      { items: [{ itemCode: 'CJ-ZH-03', approve: true }] },
      now,
    );
    expect(first.status).toBe('awaiting_county');
    expect(first.final).toBeUndefined();
    const second = decideEligibility(
      givenCase('changji', { status: 'awaiting_county', decisions: [first.decision] }),
      pack,
      'county',
      'officer',
      { items: [{ itemCode: 'CJ-ZH-03', approve: true }] },
      now,
    );
    expect(second.status).toBe('decided');
    expect(second.final?.[0]?.approved).toBe(true);
  });

  it('refuses a county decision before the township, and a second township decision', () => {
    const pack = packs.get('changji')!;
    expect(
      code(() =>
        decideEligibility(
          givenCase('changji'),
          pack,
          'county',
          'o',
          { items: [{ itemCode: 'CJ-ZH-03', approve: true }] },
          now,
        ),
      ),
    ).toBe('wrong_approval_level');
    const first = decideEligibility(
      givenCase('changji'),
      pack,
      'township',
      'c',
      { items: [{ itemCode: 'CJ-ZH-03', approve: true }] },
      now,
    );
    expect(
      code(() =>
        decideEligibility(
          givenCase('changji', { status: 'awaiting_county', decisions: [first.decision] }),
          pack,
          'township',
          'c',
          { items: [{ itemCode: 'CJ-ZH-03', approve: true }] },
          now,
        ),
      ),
    ).toBe('wrong_approval_level');
  });

  it('the county cannot approve what the township rejected', () => {
    const pack = packs.get('changji')!;
    const first = decideEligibility(
      givenCase('changji'),
      pack,
      'township',
      'c',
      { items: [{ itemCode: 'CJ-ZH-03', approve: false, note: '已有家属照料' }] },
      now,
    );
    expect(first.decision.items[0]?.reason).toBe('不予批准：已有家属照料');
    expect(
      code(() =>
        decideEligibility(
          givenCase('changji', { status: 'awaiting_county', decisions: [first.decision] }),
          pack,
          'county',
          'o',
          { items: [{ itemCode: 'CJ-ZH-03', approve: true }] },
          now,
        ),
      ),
    ).toBe('rejected_below');
  });

  it('cannot approve what the rules refuse, nor reject an eligible item without a note', () => {
    const pack = packs.get('chizhou')!;
    const edge = givenCase('chizhou', { declaredGroups: ['dibao_edge'], itemCodes: ['CZ-QJ-01'] });
    expect(
      code(() =>
        decideEligibility(edge, pack, 'township', 'c', { items: [{ itemCode: 'CZ-QJ-01', approve: true }] }, now),
      ),
    ).toBe('not_eligible');
    expect(
      code(() =>
        decideEligibility(
          givenCase('chizhou', { itemCodes: ['CZ-QJ-01'] }),
          pack,
          'township',
          'c',
          { items: [{ itemCode: 'CZ-QJ-01', approve: false }] },
          now,
        ),
      ),
    ).toBe('reason_required');
  });

  it('each requested item is decided exactly once', () => {
    const pack = packs.get('chizhou')!;
    expect(
      code(() =>
        decideEligibility(
          givenCase('chizhou'),
          pack,
          'township',
          'c',
          { items: [{ itemCode: 'CZ-QJ-01', approve: true }] },
          now,
        ),
      ),
    ).toBe('items_mismatch');
  });

  it('no decision before the home investigation is recorded', () => {
    expect(
      code(() =>
        decideEligibility(
          givenCase('chizhou', { status: 'investigating' }),
          packs.get('chizhou')!,
          'township',
          'c',
          { items: [] },
          now,
        ),
      ),
    ).toBe('investigation_pending');
  });

  it('a decided case takes no more decisions', () => {
    expect(
      code(() =>
        decideEligibility(
          givenCase('chizhou', { status: 'decided' }),
          packs.get('chizhou')!,
          'township',
          'c',
          { items: [] },
          now,
        ),
      ),
    ).toBe('already_decided');
  });
});

describe('a level decision on the case (DecideEligibility)', () => {
  const ctx = contextAt(now);
  // The cases here are Changji's (on the fixture's place codes): so are the tokens of those who decide.
  const clerk = staff('township_caseworker', 'clerk', '341702001', 'changji');
  const officer = staff('county_officer', 'officer', '341702', 'changji');
  const approveCare = { items: [{ itemCode: 'CJ-ZH-03', approve: true }] };

  it('is taken by township caseworkers and county officers, on cases within their jurisdiction', () => {
    const decide = (by: StaffPrincipal, current: CaseState | undefined) =>
      decideCaseEligibility(current, { ...approveCare, by }, ctx);
    const known = givenCase('changji');
    expect(code(() => decide(staff('village_coordinator', 'v', '341702001201', 'changji'), known))).toBe(
      'outside_jurisdiction',
    );
    expect(code(() => decide(staff('village_coordinator', 'v', '341702001', 'changji'), known))).toBe(
      'role_not_allowed',
    );
    expect(code(() => decide(staff('township_caseworker', 'other', '341702002', 'changji'), known))).toBe(
      'outside_jurisdiction',
    );
    // A token of another region, however wide its code prefix.
    expect(code(() => decide(staff('county_officer', 'elsewhere', '34', 'chizhou'), known))).toBe(
      'outside_jurisdiction',
    );
    expect(code(() => decide(clerk, undefined))).toBe('not_found');
  });

  it('Changji: the township review passes the case to the county, whose clock starts, and says nothing yet', () => {
    const person = {
      personId: 'p_0123456789abcdef',
      name: '张三',
      ageAtRegistration: 76,
      idNumberMasked: '341*************1X',
    };
    const reviewed = decideCaseEligibility(givenCase('changji', { person }), { ...approveCare, by: clerk }, ctx);
    expect(reviewed.state).toMatchObject({ status: 'awaiting_county', version: 3 });
    expect(reviewed.state!.decisions).toEqual([
      expect.objectContaining({ level: 'township', by: 'clerk', at: now.toISOString() }),
    ]);
    expect(reviewed.events).toBeUndefined();
    // Five working days from Wednesday 25 November.
    expect(reviewed.result!.countyDueAt!.toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(reviewed.result!.case).toBe(reviewed.state);

    const approved = decideCaseEligibility(reviewed.state, { ...approveCare, by: officer }, ctx);
    expect(approved.state).toMatchObject({ status: 'decided', version: 4 });
    expect(approved.result!.countyDueAt).toBeUndefined();
    expect(said(approved.events)).toEqual([
      {
        type: 'eligibility.decided.v2',
        key: reviewed.state!.caseId,
        id: undefined,
        data: expect.objectContaining({
          caseNumber: 'X-1',
          region: 'changji',
          items: [expect.objectContaining({ itemCode: 'CJ-ZH-03', approved: true })],
          decidedBy: 'officer',
          decidedAt: now.toISOString(),
        }),
      },
    ]);
  });
});
