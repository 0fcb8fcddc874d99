import { loadPolicyPacks } from '@carelink/policy';
import type { Accrual } from '../src/domain/accrual';
import type { ComplaintHold } from '../src/domain/complaint-holds/complaint-hold';
import { statementsOfMonth, type MonthSources } from '../src/domain/monthly-statement/handle-monthly-statement';
import { referralTermsId, type ServiceTerms } from '../src/domain/service-terms/service-terms';
import { computeStatement, statementIdOf, type StoredStatement } from '../src/domain/statement/statement';
import { readStatement } from '../src/domain/statement/statement-reader';
import { accrualOf, VISIT } from './visit-fixture';

const OCT = '2026-10';
const NOV = '2026-11';
const at = (day: string) => `${day}T09:00:00+08:00`;
const place = (township: string, providerId: string) => ({ region: 'chizhou', township, providerId });
const A = place('341702001', 'prov-a');
const B = place('341702002', 'prov-b');
const C = place('341702001', 'prov-c');
const FAR = place('341802001', 'prov-far');

const visit = (where: typeof A, visitId: string, deliveredAt: string, over: Partial<Accrual> = {}) =>
  accrualOf({ ...where, visitId, deliveredAt, month: deliveredAt.slice(0, 7), ...over });

/** C's October, confirmed with one paid visit. */
const cOctober = visit(C, 'c-oct', at('2026-10-05'));
const confirmedOctober: StoredStatement = (() => {
  const key = { ...C, month: OCT };
  const draft = computeStatement({
    key,
    visits: [cOctober],
    confirmedBefore: [],
    facts: { terms: new Map(), holds: new Map(), payUnverified: false },
  });
  return {
    ...key,
    statementId: statementIdOf(key),
    state: 'confirmed',
    history: [{ state: 'confirmed', by: 'clerk', at: '2026-11-02T00:00:00.000Z' }],
    frozen: { lines: draft.lines, excluded: draft.excluded },
  };
})();

const accruals: Accrual[] = [
  visit(A, 'a-1', at('2026-11-03')),
  visit(A, 'a-2', at('2026-11-04')),
  visit(A, 'a-stopped', at('2026-11-20')),
  visit(B, 'b-1', at('2026-11-05'), { caseId: 'case-b', workerId: 'w-b' }),
  visit(B, 'b-again', at('2026-11-05'), { caseId: 'case-b', workerId: 'w-b' }),
  visit(FAR, 'far-1', at('2026-11-06')),
  cOctober,
  // Recorded after C's October was confirmed: an adjusting line in November.
  visit(C, 'c-late', at('2026-10-28')),
];
const holds: ComplaintHold[] = [
  { complaintId: 'k-1', complaintNumber: 'TS-1', visitId: 'a-2', upheld: true, closed: false },
  { complaintId: 'k-2', complaintNumber: 'TS-2', visitId: 'c-oct', upheld: true, closed: true },
];
const stop: ServiceTerms = {
  termsId: referralTermsId(VISIT.referralId),
  kind: 'referral',
  caseId: VISIT.caseId,
  referralId: VISIT.referralId,
  township: A.township,
  stop: { at: '2026-11-15T00:00:00+08:00', cause: 'plan_stopped', reason: '服务方案终止' },
};

/** Settlement's repositories over the lists above, counting what is asked of them. */
function sources() {
  const asked = { ofMonth: 0, ofStatement: [] as string[][], ofTownship: [] as string[], ofVisits: 0 };
  const deps: MonthSources = {
    accruals: {
      listForStatement: async () => [],
      ofMonth: async (month, within, providerId) => {
        asked.ofMonth++;
        return accruals.filter(
          (a) => a.month === month && a.township.startsWith(within) && (!providerId || a.providerId === providerId),
        );
      },
      ofStatement: async (p, months) => {
        asked.ofStatement.push([...months]);
        return accruals.filter(
          (a) => a.providerId === p.providerId && a.township === p.township && months.includes(a.month),
        );
      },
    },
    statements: {
      ofPlace: async (p) => (p.providerId === C.providerId && p.township === C.township ? [confirmedOctober] : []),
      placesOfMonths: async (months, within) =>
        [confirmedOctober].filter((s) => months.includes(s.month) && s.township.startsWith(within)),
    },
    terms: {
      ofTownship: async (township) => {
        asked.ofTownship.push(township);
        return new Map(township === stop.township ? [[stop.termsId, stop]] : []);
      },
    },
    holds: {
      ofVisits: async (visitIds) => {
        asked.ofVisits++;
        const out = new Map<string, ComplaintHold[]>();
        for (const h of holds) if (visitIds.includes(h.visitId)) out.set(h.visitId, [h]);
        return out;
      },
    },
    policies: loadPolicyPacks(),
  };
  return { deps, asked };
}

describe('every statement of a month: the month’s accruals read once and shared out to their statements', () => {
  it('gives each statement what reading it alone gives: its lines, holds, stops, duplicates and adjustments', async () => {
    const { deps } = sources();
    const month = await statementsOfMonth(NOV, '3417', undefined, deps);
    const alone = await Promise.all([A, C, B].map((p) => readStatement({ ...p, month: NOV }, sources().deps)));
    expect(month).toEqual(alone);

    const [a, c, b] = month;
    const status = (s: typeof a) => Object.fromEntries([...s!.lines, ...s!.excluded].map((l) => [l.lineId, l.status]));
    expect(status(a)).toEqual({ 'a-1': 'payable', 'a-2': 'held', 'a-stopped': 'excluded' });
    expect(status(b)).toEqual({ 'b-1': 'payable', 'b-again': 'excluded' });
    expect(c!.lines.map((l) => [l.lineId, l.reason?.code, l.amountFen])).toEqual([
      ['c-late@2026-11', 'late_visit', 1500],
      ['c-oct@2026-11', 'reversed', -1500],
    ]);
  });

  it('reads the month once, each township’s terms once, the month’s complaints once; accruals only of confirmed months before', async () => {
    const { deps, asked } = sources();
    await statementsOfMonth(NOV, '3417', undefined, deps);
    expect(asked.ofMonth).toBe(1);
    expect(asked.ofStatement).toEqual([[OCT]]);
    expect([...asked.ofTownship].sort()).toEqual(['341702001', '341702002']);
    // Once for the month's visits, once more for C's October visits.
    expect(asked.ofVisits).toBe(2);
  });

  it('one provider, one township: only its statement', async () => {
    const { deps } = sources();
    const only = await statementsOfMonth(NOV, '341702002', 'prov-b', deps);
    expect(only.map((s) => s.statementId)).toEqual([statementIdOf({ ...B, month: NOV })]);
  });
});
