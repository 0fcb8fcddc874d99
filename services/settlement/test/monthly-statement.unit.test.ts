import type { StaffPrincipal } from '@carelink/auth';
import { DomainError } from '@carelink/contracts';
import { catalogueItemOf, loadPolicyPacks } from '@carelink/policy';
import type { Accrual } from '../src/domain/accrual';
import {
  assertMaySeeAccrual,
  monthlyStatement,
  statementScope,
} from '../src/domain/monthly-statement/monthly-statement';
import { computeStatement } from '../src/domain/statement/statement';
import { accrualOf } from './visit-fixture';

const packs = loadPolicyPacks();
const itemNameOf = (region: string, code: string) => catalogueItemOf(packs.get(region)!, code)?.name.zh;

function accrual(itemCode: string, units: number, unitFeeFen: number, over: Partial<Accrual> = {}): Accrual {
  return accrualOf({ itemCode, units, unitFeeFen, itemName: { zh: '旧名称', en: 'old name' }, ...over });
}
const facts = { terms: new Map(), holds: new Map(), payUnverified: false };
const statementOf = (township: string, accruals: Accrual[]) =>
  computeStatement({
    key: { region: 'chizhou', township, providerId: 'prov-1', month: '2026-11' },
    visits: accruals,
    confirmedBefore: [],
    facts,
  });

const staff = (over: Partial<StaffPrincipal>): StaffPrincipal => ({
  sub: 's',
  role: 'township_caseworker',
  region: 'chizhou',
  jurisdiction: '341702001',
  ...over,
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return 'no error';
};

describe('the monthly overview of a provider (月度结算单)', () => {
  it('sums the townships’ statements: paid visit lines by item and unit fee, totals in fen; excluded not counted', () => {
    const list = [
      accrual('CZ-SH-01', 1, 1500),
      accrual('CZ-JK-02', 2, 6000),
      accrual('CZ-SH-01', 2, 1500, { township: '341702002' }),
      accrual('CZ-JK-02', 1, 6500),
      accrual('CZ-JK-02', 1, 6500, { verification: 'disputed' }),
    ];
    const statements = [
      statementOf(
        '341702001',
        list.filter((a) => a.township === '341702001'),
      ),
      statementOf(
        '341702002',
        list.filter((a) => a.township === '341702002'),
      ),
    ];
    const s = monthlyStatement(
      { providerId: 'prov-1', month: '2026-11', township: '341702' },
      statements,
      list,
      itemNameOf,
    );
    expect(s.lines).toEqual([
      { itemCode: 'CZ-JK-02', itemName: '康复护理', unitFeeFen: 6000, units: 2, amountFen: 12000, visits: 1 },
      { itemCode: 'CZ-JK-02', itemName: '康复护理', unitFeeFen: 6500, units: 1, amountFen: 6500, visits: 1 },
      { itemCode: 'CZ-SH-01', itemName: '助餐送餐', unitFeeFen: 1500, units: 3, amountFen: 4500, visits: 2 },
    ]);
    expect(s.totalFen).toBe(23000);
    expect(s.visitCount).toBe(4);
    expect(s.excludedCount).toBe(1);
    expect(s.statements.map((x) => [x.township, x.state, x.payableFen, x.excludedCount])).toEqual([
      ['341702001', 'draft', 20000, 1],
      ['341702002', 'draft', 3000, 0],
    ]);
    expect(s.accruals).toHaveLength(5);
  });

  it('an empty month is an empty overview; the name falls back to the accrued one', () => {
    expect(monthlyStatement({ providerId: 'p', month: '2026-10' }, [], [], itemNameOf)).toMatchObject({
      providerId: 'p',
      month: '2026-10',
      township: null,
      lines: [],
      totalFen: 0,
      visitCount: 0,
      statements: [],
      accruals: [],
    });
    const one = [accrual('CZ-ZZ-01', 1, 100)];
    expect(
      monthlyStatement({ providerId: 'p', month: '2026-11' }, [statementOf('341702001', one)], one, itemNameOf).lines[0]
        ?.itemName,
    ).toBe('旧名称');
  });
});

describe('who sees which statement', () => {
  it('requires a valid month', () => {
    expect(code(() => statementScope(staff({}), { providerId: 'prov-1' }))).toBe('invalid_month');
    expect(code(() => statementScope(staff({}), { providerId: 'prov-1', month: '2026-13' }))).toBe('invalid_month');
    expect(code(() => statementScope(staff({}), { providerId: 'prov-1', month: '2026-1' }))).toBe('invalid_month');
    expect(code(() => statementScope(staff({}), { month: '2026-11' }))).toBe('invalid_provider');
  });

  it('township and county staff see only their jurisdiction', () => {
    expect(statementScope(staff({}), { providerId: 'prov-1', month: '2026-11' })).toEqual({
      providerId: 'prov-1',
      month: '2026-11',
      township: '341702001',
    });
    expect(
      statementScope(staff({ role: 'county_officer', jurisdiction: '341702' }), {
        providerId: 'prov-1',
        month: '2026-11',
        township: '341702002',
      }).township,
    ).toBe('341702002');
    expect(statementScope(staff({}), { providerId: 'prov-1', month: '2026-11', township: '341702' }).township).toBe(
      '341702001',
    );
    expect(
      code(() => statementScope(staff({}), { providerId: 'prov-1', month: '2026-11', township: '341702002' })),
    ).toBe('outside_jurisdiction');
    expect(code(() => assertMaySeeAccrual(staff({}), accrual('CZ-SH-01', 1, 1500, { township: '341702002' })))).toBe(
      'outside_jurisdiction',
    );
  });

  it('provider staff see only their own provider', () => {
    const provider = staff({ role: 'provider_staff', providerId: 'prov-1', jurisdiction: '341702' });
    expect(statementScope(provider, { providerId: 'prov-1', month: '2026-11' })).toEqual({
      providerId: 'prov-1',
      month: '2026-11',
    });
    expect(code(() => statementScope(provider, { providerId: 'prov-2', month: '2026-11' }))).toBe('other_provider');
    expect(code(() => assertMaySeeAccrual(provider, accrual('CZ-SH-01', 1, 1500, { providerId: 'prov-2' })))).toBe(
      'other_provider',
    );
    expect(code(() => assertMaySeeAccrual(provider, accrual('CZ-SH-01', 1, 1500)))).toBe('no error');
  });
});
