/**
 * Issue 17, assessment: the home investigation records the facts the delivery modes are chosen by (who looks after
 * the person, illnesses that rule out collective care, living alone, Barthel), and the final decision
 * (eligibility.decided.v2) carries them as the person's circumstances, beside the statuses and conditions
 * eligibility went by. Given a case, when it is investigated and decided, then the decision says what was found.
 */
import { EligibilityDecided } from '@carelink/contracts';
import { documentType } from '@carelink/policy';
import type { CaseState, InvestigationResult, TeamMember } from '../src/domain/case';
import { decideCaseEligibility } from '../src/domain/decide-eligibility/decide-eligibility';
import { circumstancesOf } from '../src/domain/decide-eligibility/person-circumstances';
import {
  decideAssignInvestigation,
  decideRecordInvestigation,
  type RecordInvestigation,
} from '../src/domain/investigate/investigate';
import { contextAt, givenCase, staff } from './fixtures';

const now = new Date('2026-11-25T02:00:00Z');
const ctx = contextAt(now);
const clerk = staff('township_caseworker', 'wang');
const team = [
  { staffId: 'wang', name: '王', office: '341702001' },
  { staffId: 'li', name: '李', office: '341702001201' },
];
const documents = documentType.options.map((kind, i) => ({ attachmentId: `a${i}`, kind, at: now.toISOString() }));

/** Barthel items scoring 35 (severe dependency): at 60 or older, 失能半失能老年人 in Chizhou. */
const SEVERE = {
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
};

const findings = (over: Partial<RecordInvestigation> = {}): RecordInvestigation => ({
  household: { members: 1, livingAlone: true },
  difficulty: { types: ['失能'], degree: 'severe' },
  carer: 'absent',
  illnesses: [],
  needs: [{ kind: 'common', category: 'cleaning', itemCode: 'CZ-QJ-01', description: '每周两次居家清洁' }],
  verifiedConditions: [],
  evidencePhotos: [],
  ...over,
});

/** The case investigated by wang and li with `found`, then approved by the township (Chizhou: final). */
function investigatedAndDecided(found: RecordInvestigation, over: Partial<CaseState> = {}) {
  const assigned = decideAssignInvestigation(givenCase({ documents, ...over }), { team, by: clerk }, ctx).state;
  const recorded = decideRecordInvestigation(assigned, { ...found, by: clerk }, ctx).state;
  const decided = decideCaseEligibility(
    recorded,
    { items: recorded!.itemCodes.map((itemCode) => ({ itemCode, approve: true })), by: clerk },
    ctx,
  );
  const event = decided.events!.find((e) => e.type === EligibilityDecided.type)!;
  return EligibilityDecided.schema.parse(event.data).circumstances;
}

describe('the decision carries the circumstances the home investigation found', () => {
  it('a 特困 elder who lost self-care, alone, nobody caring, a psychiatric illness: all of it, derived condition too', () => {
    const circumstances = investigatedAndDecided(
      findings({
        barthel: SEVERE,
        carer: 'absent',
        illnesses: ['psychiatric'],
        verifiedConditions: ['seriously_ill'],
        verifiedStatuses: [{ status: 'tekun', register: 'tekun_register', documentRef: '特困供养证 341702-0031' }],
      }),
    );
    expect(circumstances).toEqual({
      age: 76,
      groups: ['tekun'],
      conditions: ['seriously_ill', 'disabled_elder'],
      barthelScore: 35,
      livingAlone: true,
      carer: 'absent',
      illnesses: ['psychiatric'],
    });
  });

  it('someone looks after the person, who lives with family and has no such illness: said as found', () => {
    expect(
      investigatedAndDecided(findings({ household: { members: 3, livingAlone: false }, carer: 'present' })),
    ).toEqual({
      age: 76,
      groups: ['tekun'],
      conditions: [],
      livingAlone: false,
      carer: 'present',
      illnesses: [],
    });
  });

  it('a carer suddenly gone (因突发原因造成短时间生活无人照料) is told apart from nobody caring', () => {
    expect(investigatedAndDecided(findings({ carer: 'suddenly_absent', illnesses: ['infectious'] }))).toMatchObject({
      carer: 'suddenly_absent',
      illnesses: ['infectious'],
    });
  });

  it('the groups are those eligibility used: the verified status, not the declared one', () => {
    const found = findings({
      verifiedStatuses: [{ status: 'dibao', register: 'dibao_register', documentRef: '低保证 2026-0815' }],
    });
    expect(investigatedAndDecided(found, { declaredGroups: ['tekun'] })!.groups).toEqual(['dibao']);
    // The registers not checked: the declaration still counts.
    expect(investigatedAndDecided(findings(), { declaredGroups: ['dibao'] })!.groups).toEqual(['dibao']);
  });

  it('Changji: only the county’s final approval says it, the age-derived 老年人 among the conditions', () => {
    const changjiClerk = staff('township_caseworker', 'wang', '652301001', 'changji');
    const opened = givenCase({
      region: 'changji',
      address: { county: '652301', township: '652301001', village: '652301001201' },
      itemCodes: ['CJ-ZH-03'],
      documents,
    });
    const changjiTeam = [
      { staffId: 'wang', name: '王', office: '652301001' },
      { staffId: 'li', name: '李', office: '652301001201' },
    ];
    const assigned = decideAssignInvestigation(opened, { team: changjiTeam, by: changjiClerk }, ctx).state;
    const found = findings({
      barthel: SEVERE,
      carer: 'present',
      needs: [{ kind: 'individual', category: 'care', itemCode: 'CJ-ZH-03', description: '每日照料护理' }],
    });
    const recorded = decideRecordInvestigation(assigned, { ...found, by: changjiClerk }, ctx).state;
    const approve = { items: [{ itemCode: 'CJ-ZH-03', approve: true }] };
    const reviewed = decideCaseEligibility(recorded, { ...approve, by: changjiClerk }, ctx);
    expect(reviewed.events).toBeUndefined();
    const officer = staff('county_officer', 'officer', '652301', 'changji');
    const approved = decideCaseEligibility(reviewed.state, { ...approve, by: officer }, ctx);
    expect(EligibilityDecided.schema.parse(approved.events![0]!.data).circumstances).toEqual({
      age: 76,
      groups: ['tekun'],
      conditions: ['elderly'],
      barthelScore: 35,
      livingAlone: true,
      carer: 'present',
      illnesses: [],
    });
  });

  it('an investigation recorded before the carer was asked: the carer is left out (unknown), no illness is named', () => {
    const before: InvestigationResult = {
      recordedBy: 'wang',
      recordedAt: now.toISOString(),
      household: { members: 1, livingAlone: true },
      difficulty: { types: ['行动不便'], degree: 'moderate' },
      needs: [{ kind: 'common', category: 'cleaning', description: '居家清洁' }],
      verifiedConditions: [],
      conditionReasons: [],
    };
    const state = givenCase({
      status: 'investigated',
      investigation: {
        assignment: 1,
        team: team as [TeamMember, TeamMember],
        assignedBy: 'clerk',
        assignedAt: now.toISOString(),
        dueAt: now.toISOString(),
        overdue: false,
        result: before,
      },
    });
    const circumstances = circumstancesOf(state);
    expect(circumstances).toEqual({ age: 76, groups: ['tekun'], conditions: [], livingAlone: true });
    // Not recorded, rather than "nobody" / "none": no mode conditioned on them applies.
    expect('carer' in circumstances).toBe(false);
    expect('illnesses' in circumstances).toBe(false);
  });
});
