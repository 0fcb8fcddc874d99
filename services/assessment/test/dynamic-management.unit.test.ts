import { loadPolicyPacks, previousChinaMonth } from '@carelink/policy';
import type { CaseState } from '../src/domain/case';
import { newlyAdded, reassessForStatusChange } from '../src/domain/dynamic-management/dynamic-management';

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
    birthDate: '1950-01-01',
    idNumberMasked: '341702********001X',
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
    expect(r.declaredGroups).toEqual([]);
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
    expect(r).toEqual({ declaredGroups: [], stopped: [] });
  });

  it('knows who is newly added, and which month the follow-up list covers (China time)', () => {
    expect(newlyAdded(change(['tekun', 'dibao'], ['dibao']))).toEqual(['tekun']);
    expect(previousChinaMonth(new Date('2026-12-01T00:00:00Z'))).toBe('2026-11'); // 08:00 on 1 Dec in China
    expect(previousChinaMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-11'); // already 1 Dec in China
    expect(previousChinaMonth(new Date('2027-01-01T01:00:00Z'))).toBe('2026-12');
  });
});
