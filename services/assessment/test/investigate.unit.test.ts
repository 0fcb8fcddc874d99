import { loadPolicyPacks } from '@carelink/policy';
import type { CaseState } from '../src/domain/case';
import {
  assignInvestigation,
  decideAssignInvestigation,
  decideInvestigationTimer,
  decideRecordInvestigation,
  investigationTimer,
  recordInvestigation,
  recordInvestigationCommand,
  type RecordInvestigation,
} from '../src/domain/investigate/investigate';
import { code, contextAt, said, staff } from './fixtures';

const packs = loadPolicyPacks();
// Wednesday 2026-11-25, 10:00 China time.
const now = new Date('2026-11-25T02:00:00Z');
const team = [
  { staffId: 'wang', name: '王', office: '341702001' },
  { staffId: 'li', name: '李', office: '341702001201' },
];

function givenCase(over: Partial<CaseState> = {}): CaseState {
  return {
    caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
    caseNumber: 'CZ341702-2026-000009',
    region: 'chizhou',
    status: 'open',
    version: 0,
    person: { personId: 'p_x', name: '张三', ageAtRegistration: 76, idNumberMasked: '341*************1X' },
    address: { county: '341702', township: '341702001', village: '341702001201' },
    declaredGroups: ['dibao_edge'],
    declaredConditions: [],
    consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T00:00:00.000Z' },
    itemCodes: ['CZ-QJ-01'],
    channel: 'window',
    openedAt: now.toISOString(),
    decisions: [],
    ...over,
  };
}

const form = (over: Partial<RecordInvestigation> = {}): RecordInvestigation => ({
  household: { members: 1, livingAlone: true },
  difficulty: { types: ['失能'], degree: 'severe' },
  carer: 'absent',
  illnesses: [],
  needs: [{ kind: 'common', category: 'cleaning', itemCode: 'CZ-QJ-01', description: '每周两次居家清洁' }],
  verifiedConditions: [],
  evidencePhotos: [],
  ...over,
});

const barthel = (total: 'severe' | 'independent') =>
  total === 'severe'
    ? {
        feeding: 5,
        bathing: 0,
        grooming: 0,
        dressing: 5,
        bowels: 10,
        bladder: 5,
        toiletUse: 0,
        transfers: 5,
        mobility: 5,
        stairs: 0,
      } // 35
    : {
        feeding: 10,
        bathing: 5,
        grooming: 5,
        dressing: 10,
        bowels: 10,
        bladder: 10,
        toiletUse: 10,
        transfers: 15,
        mobility: 15,
        stairs: 10,
      }; // 100

describe('home investigation (入户调查)', () => {
  const pack = packs.get('chizhou')!;

  it('takes two different people of the township or its villages', () => {
    expect(
      code(() =>
        assignInvestigation(givenCase(), pack, { team: [team[0]!, { ...team[0]!, name: '王二' }] }, 'clerk', now),
      ),
    ).toBe('two_person_rule');
    expect(
      code(() =>
        assignInvestigation(
          givenCase(),
          pack,
          { team: [team[0]!, { staffId: 'zhao', name: '赵', office: '341702002' }] },
          'clerk',
          now,
        ),
      ),
    ).toBe('team_outside_township');
  });

  it('is due after the pack’s working days, weekends not counted, with a reminder a day before', () => {
    const plan = assignInvestigation(givenCase(), pack, { team }, 'clerk', now);
    // 5 working days from Wednesday 25 Nov: Thu, Fri, Mon, Tue, Wed → Wednesday 2 Dec.
    expect(plan.dueAt.toISOString()).toBe('2026-12-02T02:00:00.000Z');
    expect(plan.remindAt.toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(plan.investigation.assignment).toBe(1);
  });

  it('is recorded only by a member of the team', () => {
    const { investigation } = assignInvestigation(givenCase(), pack, { team }, 'clerk', now);
    const assigned = givenCase({ status: 'investigating', investigation });
    expect(code(() => recordInvestigation(assigned, pack, form(), 'someone-else', now))).toBe('not_on_team');
    expect(code(() => recordInvestigation(givenCase(), pack, form(), 'wang', now))).toBe('no_investigation_assigned');
  });

  it('derives 失能半失能老年人 from age and a Barthel index of 60 or less, with the reason', () => {
    const { investigation } = assignInvestigation(givenCase(), pack, { team }, 'clerk', now);
    const assigned = givenCase({ status: 'investigating', investigation });
    const severe = recordInvestigation(assigned, pack, form({ barthel: barthel('severe') }), 'li', now);
    expect(severe.barthel).toMatchObject({ score: 35, band: 'severe' });
    expect(severe.verifiedConditions).toEqual(['disabled_elder']);
    expect(severe.conditionReasons[0]).toContain('Barthel指数35分');
    const independent = recordInvestigation(assigned, pack, form({ barthel: barthel('independent') }), 'li', now);
    expect(independent.verifiedConditions).toEqual([]);
  });

  it('keeps who looks after the person and the illnesses that rule out collective care', () => {
    const { investigation } = assignInvestigation(givenCase(), pack, { team }, 'clerk', now);
    const assigned = givenCase({ status: 'investigating', investigation });
    const found = recordInvestigation(
      assigned,
      pack,
      form({ carer: 'suddenly_absent', illnesses: ['psychiatric', 'infectious'] }),
      'li',
      now,
    );
    expect(found).toMatchObject({ carer: 'suddenly_absent', illnesses: ['psychiatric', 'infectious'] });
    expect(recordInvestigation(assigned, pack, form({ carer: 'present' }), 'li', now)).toMatchObject({
      carer: 'present',
      illnesses: [],
    });
  });

  it('asks every new record who looks after the person and which illnesses rule out collective care', () => {
    const { carer: _carer, illnesses: _illnesses, ...before } = form();
    const problems = (body: unknown) =>
      recordInvestigationCommand.safeParse(body).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(problems(form())).toEqual([]);
    expect(problems(before)).toEqual(['carer', 'illnesses']);
    expect(problems({ ...form(), carer: 'unknown' })).toEqual(['carer']);
    expect(problems({ ...form(), illnesses: ['diabetes'] })).toEqual(['illnesses.0']);
    expect(problems({ ...form(), illnesses: ['infectious', 'infectious'] })).toEqual(['illnesses']);
  });

  it('keeps references to the evidence photos of the visit', () => {
    const { investigation } = assignInvestigation(givenCase(), pack, { team }, 'clerk', now);
    const assigned = givenCase({ status: 'investigating', investigation });
    const photo = '6745a1b2c3d4e5f601234567';
    expect(recordInvestigation(assigned, pack, form({ evidencePhotos: [photo] }), 'li', now).evidencePhotos).toEqual([
      photo,
    ]);
  });

  it('refuses conditions the pack does not know, or that the rules compute', () => {
    const { investigation } = assignInvestigation(givenCase(), pack, { team }, 'clerk', now);
    const assigned = givenCase({ status: 'investigating', investigation });
    expect(code(() => recordInvestigation(assigned, pack, form({ verifiedConditions: ['vip'] }), 'wang', now))).toBe(
      'unknown_condition',
    );
    expect(
      code(() => recordInvestigation(assigned, pack, form({ verifiedConditions: ['disabled_elder'] }), 'wang', now)),
    ).toBe('derived_condition');
    expect(
      recordInvestigation(assigned, pack, form({ verifiedConditions: ['seriously_ill'] }), 'wang', now)
        .verifiedConditions,
    ).toEqual(['seriously_ill']);
  });

  it('timers remind, then escalate once — and do nothing for a recorded or reassigned investigation', () => {
    const { investigation } = assignInvestigation(givenCase(), pack, { team }, 'clerk', now);
    const assigned = givenCase({ status: 'investigating', investigation });
    expect(investigationTimer(assigned, 1, 'reminder')).toBe('remind');
    expect(investigationTimer(assigned, 1, 'overdue')).toBe('escalate');
    expect(investigationTimer({ ...assigned, investigation: { ...investigation, overdue: true } }, 1, 'overdue')).toBe(
      'nothing',
    );
    expect(investigationTimer({ ...assigned, status: 'investigated' }, 1, 'overdue')).toBe('nothing');
    expect(investigationTimer(assigned, 2, 'overdue')).toBe('nothing');
    expect(investigationTimer(null, 1, 'reminder')).toBe('nothing');
  });
});

describe('the home investigation of a case (AssignInvestigation, RecordInvestigation, its timers)', () => {
  const ctx = contextAt(now);
  const clerk = staff('township_caseworker', 'clerk');
  const assign = (current: CaseState | undefined, by = clerk) => decideAssignInvestigation(current, { team, by }, ctx);

  it('is assigned within the caller’s jurisdiction; a second team replaces the first', () => {
    expect(code(() => assign(givenCase(), staff('township_caseworker', 'x', '341702002')))).toBe(
      'outside_jurisdiction',
    );
    expect(code(() => assign(undefined))).toBe('not_found');
    const first = assign(givenCase());
    expect(first.state).toMatchObject({ status: 'investigating', version: 1, investigation: { assignment: 1 } });
    expect(first.result).toEqual({
      case: first.state,
      remindAt: new Date('2026-12-01T02:00:00.000Z'),
      dueAt: new Date('2026-12-02T02:00:00.000Z'),
    });
    expect(said(first.events)).toEqual([
      {
        type: 'investigation.assigned.v1',
        key: first.state!.caseId,
        id: undefined,
        data: {
          caseId: first.state!.caseId,
          caseNumber: 'CZ341702-2026-000009',
          township: '341702001',
          team,
          assignedBy: 'clerk',
          dueAt: '2026-12-02T02:00:00.000Z',
        },
      },
    ]);
    expect(assign(first.state).state).toMatchObject({ version: 2, investigation: { assignment: 2 } });
  });

  it('is recorded once, and starts the township review’s clock', () => {
    const assigned = assign(givenCase()).state;
    const recorded = decideRecordInvestigation(assigned, { ...form(), by: staff('village_coordinator', 'li') }, ctx);
    expect(recorded.state).toMatchObject({
      status: 'investigated',
      version: 2,
      investigation: { assignment: 1, result: { recordedBy: 'li', recordedAt: now.toISOString() } },
    });
    expect(recorded.result!.reviewDueAt.toISOString()).toBe('2026-12-02T02:00:00.000Z');
    expect(said(recorded.events)).toEqual([
      {
        type: 'investigation.recorded.v1',
        key: assigned!.caseId,
        id: undefined,
        data: expect.objectContaining({
          region: 'chizhou',
          village: '341702001201',
          recordedBy: 'li',
          needs: form().needs,
          verifiedConditions: [],
        }),
      },
    ]);
    expect(code(() => decideRecordInvestigation(recorded.state, { ...form(), by: clerk }, ctx))).toBe(
      'no_investigation_assigned',
    );
  });

  it('reminds with the same event however often the job runs, escalates once, and forgets a replaced team', () => {
    const assigned = assign(givenCase()).state;
    const remind = () => decideInvestigationTimer(assigned, { kind: 'reminder', assignment: 1 }, ctx);
    expect(said(remind().events)).toEqual([
      expect.objectContaining({ type: 'investigation.duesoon.v1', id: expect.any(String) }),
    ]);
    expect(remind().events![0]!.id).toBe(
      decideInvestigationTimer(assigned, { kind: 'reminder', assignment: 1 }, contextAt(new Date())).events![0]!.id,
    );

    const overdue = decideInvestigationTimer(assigned, { kind: 'overdue', assignment: 1 }, ctx);
    expect(overdue.state).toMatchObject({ version: 2, investigation: { overdue: true } });
    expect(said(overdue.events)).toEqual([
      expect.objectContaining({
        type: 'investigation.overdue.v1',
        data: expect.objectContaining({ team: ['wang', 'li'], escalatedTo: '341702' }),
      }),
    ]);
    expect(overdue.events![0]!.id).not.toBe(remind().events![0]!.id);
    expect(decideInvestigationTimer(overdue.state, { kind: 'overdue', assignment: 1 }, ctx)).toEqual({});
    expect(decideInvestigationTimer(assign(assigned).state, { kind: 'overdue', assignment: 1 }, ctx)).toEqual({});
    expect(decideInvestigationTimer(undefined, { kind: 'reminder', assignment: 1 }, ctx)).toEqual({});
  });
});
