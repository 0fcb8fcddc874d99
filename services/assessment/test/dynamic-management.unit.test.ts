import { loadPolicyPacks, previousChinaMonth } from '@carelink/policy';
import type { CaseState } from '../src/domain/case';
import { buildEvent, RegistryStatusChanged } from '@carelink/contracts';
import {
  decideFollowUpList,
  decideStatusChange,
  followUpOf,
  newlyAdded,
  reassessForStatusChange,
  type FollowUp,
} from '../src/domain/dynamic-management/dynamic-management';
import { contextAt, said } from './fixtures';

const chizhou = loadPolicyPacks().get('chizhou')!;
const at = '2026-11-25T02:00:00.000Z';

const decidedCase = (over: Partial<CaseState> = {}): CaseState => ({
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  status: 'decided',
  version: 3,
  person: {
    personId: 'p_0123456789abcdef',
    name: '张三',
    ageAtRegistration: 76,
    idNumberMasked: '341*************1X',
  },
  address: { county: '341702', township: '341702001' },
  declaredGroups: ['tekun'],
  declaredConditions: [],
  consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T00:00:00.000Z' },
  itemCodes: ['CZ-QJ-01', 'CZ-NL-02'],
  channel: 'window',
  openedAt: at,
  decisions: [
    {
      level: 'township',
      by: 'clerk',
      at,
      packVersion: chizhou.version,
      items: [
        { itemCode: 'CZ-QJ-01', approved: true, reason: 'ok' },
        { itemCode: 'CZ-NL-02', approved: false, reason: '不予批准：已有服务' },
      ],
    },
  ],
  ...over,
});

const change = (groups: string[], previousGroups: string[]) => ({
  personId: 'p_0123456789abcdef',
  region: 'chizhou',
  township: '341702001',
  groups: groups as never,
  previousGroups: previousGroups as never,
  effectiveFrom: '2026-12-01',
  source: '特困供养系统',
  recordedBy: 'officer',
  recordedAt: at,
});

describe('dynamic management (动态管理)', () => {
  it('stops approved items at once when the person leaves assistance, saying why', () => {
    const r = reassessForStatusChange(decidedCase(), chizhou, change([], ['tekun']), '2026-12-01');
    expect(r.stopped).toEqual([
      { itemCode: 'CZ-QJ-01', reason: expect.stringContaining('特困供养系统自2026-12-01起变更救助身份') },
    ]);
    expect(r.stopped[0]!.reason).toContain('不属于池州市服务类社会救助对象范围');
    expect(r.registerStatus).toEqual({
      groups: [],
      source: '特困供养系统',
      effectiveFrom: '2026-12-01',
      recordedAt: at,
    });
  });

  it('keeps items that still qualify (特困 → 低保), and never stops an item twice', () => {
    expect(reassessForStatusChange(decidedCase(), chizhou, change(['dibao'], ['tekun']), '2026-12-01').stopped).toEqual(
      [],
    );
    const already = decidedCase({ stoppedItems: [{ itemCode: 'CZ-QJ-01', reason: 'x', at }] });
    expect(reassessForStatusChange(already, chizhou, change([], ['tekun']), '2026-12-01').stopped).toEqual([]);
  });

  it('a conditional group (低保边缘) keeps its items only with a verified condition', () => {
    const withCondition = decidedCase({
      investigation: {
        assignment: 1,
        team: [
          { staffId: 'a', name: 'a', office: '341702001' },
          { staffId: 'b', name: 'b', office: '341702001' },
        ],
        assignedBy: 'c',
        assignedAt: at,
        dueAt: at,
        overdue: false,
        result: {
          recordedBy: 'a',
          recordedAt: at,
          household: { members: 1, livingAlone: true },
          difficulty: { types: ['重病'], degree: 'severe' },
          needs: [],
          verifiedConditions: ['seriously_ill'],
          conditionReasons: [],
        },
      },
    });
    expect(
      reassessForStatusChange(withCondition, chizhou, change(['dibao_edge'], ['tekun']), '2026-12-01').stopped,
    ).toEqual([]);
    expect(
      reassessForStatusChange(decidedCase(), chizhou, change(['dibao_edge'], ['tekun']), '2026-12-01').stopped,
    ).toHaveLength(1);
  });

  it('an undecided case is simply decided on the new status', () => {
    const r = reassessForStatusChange(
      decidedCase({ status: 'investigated', decisions: [] }),
      chizhou,
      change([], ['tekun']),
      '2026-12-01',
    );
    expect(r).toEqual({
      registerStatus: { groups: [], source: '特困供养系统', effectiveFrom: '2026-12-01', recordedAt: at },
      stopped: [],
    });
  });

  it('knows who is newly added, and which month the follow-up list covers (China time)', () => {
    expect(newlyAdded(change(['tekun', 'dibao'], ['dibao']))).toEqual(['tekun']);
    expect(previousChinaMonth(new Date('2026-12-01T00:00:00Z'))).toBe('2026-11'); // 08:00 on 1 Dec in China
    expect(previousChinaMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-11'); // already 1 Dec in China
    expect(previousChinaMonth(new Date('2027-01-01T01:00:00Z'))).toBe('2026-12');
  });
});

describe('a status change applied to a case, and the monthly follow-up lists', () => {
  const ctx = contextAt(new Date('2026-12-01T02:00:00.000Z'));
  const changeEvent = (groups: string[], previousGroups: string[]) =>
    buildEvent(RegistryStatusChanged, {
      source: '/carelink/intake',
      key: 'p_0123456789abcdef',
      data: change(groups, previousGroups),
    });

  it('stops the items that no longer qualify once, and says so once', () => {
    const leaving = changeEvent([], ['tekun']);
    const applied = decideStatusChange(decidedCase(), leaving, ctx);
    expect(applied.state).toMatchObject({
      version: 4,
      // What was declared stays; the register's word is kept beside it.
      declaredGroups: ['tekun'],
      registerStatus: { groups: [] },
      stoppedItems: [{ itemCode: 'CZ-QJ-01', at: ctx.now.toISOString() }],
      appliedStatusChanges: [leaving.id],
    });
    expect(said(applied.events)).toEqual([
      {
        type: 'eligibility.changed.v1',
        key: decidedCase().caseId,
        id: decideStatusChange(decidedCase(), leaving, contextAt(new Date())).events![0]!.id,
        data: expect.objectContaining({
          personId: 'p_0123456789abcdef',
          cause: 'registry_status_changed',
          effectiveFrom: '2026-12-01',
          stoppedItems: [{ itemCode: 'CZ-QJ-01', reason: expect.stringContaining('特困供养系统') }],
        }),
      },
    ]);
    expect(applied.events![0]!.id).toEqual(expect.any(String));
    expect(decideStatusChange(applied.state, leaving, ctx)).toEqual({});
  });

  it('records a change that stops nothing, without an event', () => {
    const toDibao = changeEvent(['dibao'], ['tekun']);
    const applied = decideStatusChange(decidedCase(), toDibao, ctx);
    expect(applied.state).toMatchObject({
      declaredGroups: ['tekun'],
      registerStatus: { groups: ['dibao'], source: '特困供养系统' },
      stoppedItems: [],
      appliedStatusChanges: [toDibao.id],
    });
    expect(applied.events).toBeUndefined();
  });

  it('follows up only people newly added, and lists a township once a month', () => {
    expect(followUpOf(change([], ['tekun']))).toBeUndefined();
    const followUp = followUpOf({ ...change(['tekun', 'dibao'], ['dibao']), village: '341702001201' });
    expect(followUp).toEqual({
      personId: 'p_0123456789abcdef',
      region: 'chizhou',
      township: '341702001',
      village: '341702001201',
      groups: ['tekun'],
      since: '2026-12-01',
      month: '2026-12',
    });
    const list = { month: '2026-12', township: '341702001', entries: [followUp as FollowUp] };
    const made = decideFollowUpList(undefined, list, ctx);
    expect(made.result).toBe(true);
    expect(made.state).toEqual({
      month: '2026-12',
      township: '341702001',
      personIds: ['p_0123456789abcdef'],
      madeAt: ctx.now,
    });
    expect(said(made.events)).toEqual([
      {
        type: 'followup.listed.v1',
        key: '341702001',
        id: decideFollowUpList(undefined, list, contextAt(new Date())).events![0]!.id,
        data: {
          region: 'chizhou',
          township: '341702001',
          month: '2026-12',
          persons: [
            { personId: 'p_0123456789abcdef', village: '341702001201', groups: ['tekun'], since: '2026-12-01' },
          ],
        },
      },
    ]);
    expect(decideFollowUpList(made.state, list, ctx)).toEqual({ result: false });
  });
});
