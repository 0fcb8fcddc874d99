import { loadPolicyPacks } from '@carelink/policy';
import type { CaseState } from '../src/domain/case';
import { maskName, publicNotice } from '../src/domain/public-notice/public-notice';

const chizhou = loadPolicyPacks().get('chizhou')!;

function decidedCase(n: number, over: Partial<CaseState> = {}): CaseState {
  return {
    caseId: `0192f3a4-5b6c-7d8e-9f00-11223344556${n}`,
    caseNumber: `CZ341702-2026-00000${n}`,
    region: 'chizhou',
    status: 'decided',
    version: 5,
    person: { personId: `p_${n}`, name: '王秀英', ageAtRegistration: 78, idNumberMasked: '341*************28' },
    address: { county: '341702', township: '341702001', village: '341702001201' },
    declaredGroups: ['tekun'],
    declaredConditions: [],
    consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-01T00:00:00.000Z' },
    itemCodes: ['CZ-QJ-01', 'CZ-JK-01'],
    channel: 'window',
    openedAt: '2026-11-01T00:00:00.000Z',
    decisions: [
      {
        level: 'township',
        by: 'clerk',
        // 20:00 UTC on 3 November is 4 November in China.
        at: '2026-11-03T20:00:00.000Z',
        packVersion: chizhou.version,
        items: [
          { itemCode: 'CZ-QJ-01', approved: true, reason: '符合' },
          { itemCode: 'CZ-JK-01', approved: false, reason: '不符合' },
        ],
      },
    ],
    ...over,
  };
}

describe('the long-term public notice (长期公示)', () => {
  it('masks given names', () => {
    expect(['王秀英', '张三', '欧阳娜娜', '李'].map(maskName)).toEqual(['王*英', '张*', '欧**娜', '李']);
  });

  it('lists approved, still-served items with masked data, the China approval date and the hotline', () => {
    const notice = publicNotice([decidedCase(1)], chizhou, '341702001');
    expect(notice.hotline).toBe(chizhou.hotline);
    expect(notice.entries).toEqual([
      {
        village: '341702001201',
        villageName: expect.any(String),
        name: '王*英',
        idNumber: '341*************28',
        groups: ['特困人员'],
        items: [expect.any(String)],
        approvedOn: '2026-11-04',
        caseNumber: 'CZ341702-2026-000001',
      },
    ]);
    expect(JSON.stringify(notice)).not.toContain('王秀英');
  });

  it('posts no more of an ID number than its first 3 and last 2 characters, also for a case opened from a v1 registration', () => {
    const older = decidedCase(2, {
      person: { personId: 'p_2', name: '王秀英', ageAtRegistration: 78, idNumberMasked: '341702********0228' },
    });
    expect(publicNotice([older], chizhou, '341702001').entries.map((e) => e.idNumber)).toEqual(['341*************28']);
  });

  it('leaves out undecided cases, rejections, stopped services and other villages', () => {
    const cases = [
      decidedCase(1, { status: 'awaiting_county' }),
      decidedCase(2, {
        decisions: [
          { ...decidedCase(2).decisions[0]!, items: [{ itemCode: 'CZ-QJ-01', approved: false, reason: 'x' }] },
        ],
      }),
      decidedCase(3, { stoppedItems: [{ itemCode: 'CZ-QJ-01', reason: '退出特困', at: '2026-11-20T00:00:00Z' }] }),
      decidedCase(4, { address: { county: '341702', township: '341702001', village: '341702001202' } }),
      decidedCase(5),
    ];
    expect(publicNotice(cases, chizhou, '341702001201').entries.map((e) => e.caseNumber)).toEqual([
      'CZ341702-2026-000005',
    ]);
    expect(publicNotice(cases, chizhou, '341702001').entries).toHaveLength(2);
  });
});
