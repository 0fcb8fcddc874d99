import { checkCharacter, type DomainError } from '@carelink/contracts';
import {
  assertMaySearch,
  caseSerialOf,
  namePrefixes,
  placeOf,
  registeredBetween,
  searchTermOf,
} from '../src/domain/find-requests/find-requests';
import { loadPolicyPacks } from '@carelink/policy';
import { monthsBetween, requestStatistics } from '../src/domain/statistics/request-statistics';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};
const ID = '34170219440210004' + checkCharacter('34170219440210004');

describe('what a caseworker searches for in one box', () => {
  it('tells a case number, its serial, an ID number and a name apart', () => {
    expect(searchTermOf(' CZ341702-2026-000053 ')).toEqual({ kind: 'case_number', caseNumber: 'CZ341702-2026-000053' });
    expect(searchTermOf('cz341702-2026-000053')).toEqual({ kind: 'case_number', caseNumber: 'CZ341702-2026-000053' });
    expect(searchTermOf('53')).toEqual({ kind: 'serial', serial: 53 });
    expect(searchTermOf('000053')).toEqual({ kind: 'serial', serial: 53 });
    expect(searchTermOf(ID)).toEqual({ kind: 'id_number', idNumber: ID });
    expect(searchTermOf('陈桂兰')).toEqual({ kind: 'name', name: '陈桂兰' });
    expect(searchTermOf('陈')).toEqual({ kind: 'name', name: '陈' });
  });

  it('refuses a mistyped ID number and digits that are neither a serial nor an ID number', () => {
    const wrong = ID.slice(0, 17) + (ID.endsWith('0') ? '1' : '0');
    expect(code(() => searchTermOf(wrong))).toBe('invalid_id_number');
    expect(code(() => searchTermOf('1234567'))).toBe('unknown_search');
  });

  it('lets only staff who see ID cards search by ID number', () => {
    const byId = searchTermOf(ID);
    for (const role of ['county_officer', 'township_caseworker', 'village_coordinator'])
      expect(code(() => assertMaySearch(byId, role))).toBe('no error');
    expect(code(() => assertMaySearch(byId, 'hotline_operator'))).toBe('search_not_allowed');
    expect(code(() => assertMaySearch(searchTermOf('陈'), 'hotline_operator'))).toBe('no error');
  });

  it('keeps what a search finds a request by: the serial and the first characters of the name', () => {
    expect(caseSerialOf('CZ341702-2026-000053')).toBe(53);
    expect(caseSerialOf('CJ652301-2026-123456')).toBe(123456);
    expect(caseSerialOf('odd')).toBeUndefined();
    expect(namePrefixes(' 陈桂兰 ')).toEqual(['陈', '陈桂', '陈桂兰']);
    expect(namePrefixes('阿依古丽·买买提')).toHaveLength(8);
  });

  it('turns days in China time into instants, the last day included', () => {
    expect(registeredBetween()).toBeUndefined();
    expect(registeredBetween('2026-11-25', '2026-11-25')).toEqual({
      from: new Date('2026-11-24T16:00:00.000Z'),
      to: new Date('2026-11-25T16:00:00.000Z'),
    });
    expect(registeredBetween(undefined, '2026-01-01')).toEqual({ to: new Date('2026-01-01T16:00:00.000Z') });
    expect(code(() => registeredBetween('2026-11-26', '2026-11-25'))).toBe('invalid_range');
    expect(placeOf('341702001')).toEqual({ township: '341702001' });
    expect(placeOf('341702001201')).toEqual({ township: '341702001', village: '341702001201' });
  });
});

describe("the county's counts of requests", () => {
  it('counts by channel and by township, busiest first, each named beside its code, and the open ones', () => {
    const stats = requestStatistics(
      [
        { channel: 'window', township: '341702001', status: 'registered' },
        { channel: 'ivr', township: '341702001', status: 'decided' },
        { channel: 'window', township: '341702002', status: 'registered' },
        { channel: 'window', township: '341702001', status: 'decided' },
      ],
      loadPolicyPacks().get('chizhou'),
    );
    expect(stats).toEqual({
      total: 4,
      open: 2,
      byChannel: [
        { channel: 'window', name: '窗口受理', count: 3 },
        { channel: 'ivr', name: '热线语音', count: 1 },
      ],
      byTownship: [
        { township: '341702001', name: '池阳街道', count: 3, byChannel: { window: 2, ivr: 1 } },
        { township: '341702002', name: '秋浦街道', count: 1, byChannel: { window: 1 } },
      ],
    });
    expect(requestStatistics([])).toEqual({ total: 0, open: 0, byChannel: [], byTownship: [] });
  });

  it('lists the months of a range, across a year, at most twelve', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-05', '2026-05')).toEqual(['2026-05']);
    expect(code(() => monthsBetween('2026-05', '2026-04'))).toBe('invalid_range');
    expect(code(() => monthsBetween('2025-01', '2026-01'))).toBe('range_too_long');
  });
});
