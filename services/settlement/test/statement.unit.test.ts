import type { StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  StatementApproved,
  StatementConfirmed,
  StatementPaid,
  useCaseContext,
  type EventOf,
  type PlanApproved,
  type PlanStopped,
  type ReferralCancelled,
  type EligibilityChanged,
  type ComplaintReceived,
  type ComplaintTransitioned,
} from '@carelink/contracts';
import type { Accrual } from '../src/domain/accrual';
import {
  recordComplaintReceived,
  recordComplaintTransition,
  type ComplaintHold,
} from '../src/domain/complaint-holds/complaint-hold';
import {
  recordEligibilityStop,
  recordPlanApproved,
  recordReferralStop,
  type ServiceTerms,
} from '../src/domain/service-terms/service-terms';
import {
  computeStatement,
  confirmedMonthsBefore,
  type Statement,
  type StatementKey,
  type StoredStatement,
} from '../src/domain/statement/statement';
import type { PaymentFacts } from '../src/domain/statement/statement-lines';
import { approveStatement, confirmStatement, markStatementPaid } from '../src/domain/statement/statement-transitions';
import { accrualOf, VISIT } from './visit-fixture';

const NOV: StatementKey = {
  region: 'chizhou',
  township: VISIT.township,
  providerId: VISIT.providerId,
  month: '2026-11',
};
const DEC: StatementKey = { ...NOV, month: '2026-12' };
const JAN: StatementKey = { ...NOV, month: '2027-01' };
const afterNovember = useCaseContext(new Date('2026-12-02T10:00:00+08:00'));
const afterDecember = useCaseContext(new Date('2027-01-03T10:00:00+08:00'));

const township: StaffPrincipal = {
  sub: 'tw-1',
  name: '王干事',
  role: 'township_caseworker',
  region: 'chizhou',
  jurisdiction: '341702001',
};
const county: StaffPrincipal = { sub: 'cty-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' };
/** Approval without funding rules: these tests are about the states (funding is tested in funding-approval). */
const noFunding = () => ({ entries: [] });

const envelope = <T>(type: string, data: T, id = `${type}-1`) =>
  ({
    specversion: '1.0',
    id,
    source: '/test',
    type,
    time: '2026-11-01T00:00:00Z',
    datacontenttype: 'application/json',
    data,
  }) as never;

function factsOf(
  over: { terms?: ServiceTerms[]; holds?: ComplaintHold[]; payUnverified?: boolean } = {},
): PaymentFacts {
  const holds = new Map<string, ComplaintHold[]>();
  for (const h of over.holds ?? []) holds.set(h.visitId, [...(holds.get(h.visitId) ?? []), h]);
  return {
    terms: new Map((over.terms ?? []).map((t) => [t.termsId, t])),
    holds,
    payUnverified: over.payUnverified ?? false,
  };
}

const draftOf = (
  key: StatementKey,
  visits: Accrual[],
  facts = factsOf(),
  confirmedBefore: { stored: StoredStatement; visits: Accrual[] }[] = [],
) => computeStatement({ key, visits, confirmedBefore, facts });

const reasonCodes = (s: Statement) => Object.fromEntries(s.excluded.map((l) => [l.visitId, l.reason?.code]));

const stopped = (stoppedAt: string): EventOf<typeof PlanStopped> =>
  envelope('plan.stopped.v1', {
    planId: 'plan-1',
    ...VISIT,
    itemCode: 'CZ-SH-01',
    planVersion: 1,
    reason: '救助资格终止',
    stoppedAt,
  });

function confirmed(s: Statement, ctx = afterNovember): StoredStatement {
  return confirmStatement(undefined, s, township, ctx).state!;
}

describe('statement lines: paid only from verified visits; every other visit excluded with its reason', () => {
  it('a line per visit: item, unit, quantity, fee, amount, visit id and date; totals in fen', () => {
    const s = draftOf(NOV, [
      accrualOf({ visitId: 'a', deliveredAt: '2026-11-03T09:00:00+08:00', units: 2 }),
      accrualOf({ visitId: 'b', deliveredAt: '2026-11-04T09:00:00+08:00' }),
    ]);
    expect(s).toMatchObject({
      statementId: '2026-11:341702001:prov-1',
      state: 'draft',
      payableFen: 4500,
      basis: 'live',
    });
    expect(s.lines[0]).toMatchObject({
      lineId: 'a',
      kind: 'visit',
      visitId: 'a',
      serviceDate: '2026-11-03',
      itemCode: 'CZ-SH-01',
      unit: { zh: '次', en: 'visit' },
      quantity: 2,
      unitFeeFen: 1500,
      amountFen: 3000,
      county: '341702',
      month: '2026-11',
      status: 'payable',
    });
    expect(s.excluded).toEqual([]);
  });

  it('excludes a duplicate (same person, worker and time), a disputed and an unverified visit, each with its reason', () => {
    const s = draftOf(NOV, [
      accrualOf({ visitId: 'kept', deliveredAt: '2026-11-05T09:00:00+08:00' }),
      accrualOf({ visitId: 'dup', deliveredAt: '2026-11-05T09:00:00+08:00', accruedAt: '2026-11-30T00:00:01.000Z' }),
      accrualOf({ visitId: 'other-worker', workerId: 'w-2', deliveredAt: '2026-11-05T09:00:00+08:00' }),
      accrualOf({ visitId: 'disputed', verification: 'disputed', verificationReason: 'resident_disputed' }),
      accrualOf({ visitId: 'unconfirmed', verification: 'unverified', verificationReason: 'no_confirmation_in_time' }),
    ]);
    expect(reasonCodes(s)).toEqual({ dup: 'duplicate_visit', disputed: 'disputed', unconfirmed: 'unverified' });
    expect(s.excluded.find((l) => l.visitId === 'dup')!.reason!.zh).toContain('与服务记录 kept');
    expect(s.lines.map((l) => l.visitId).sort()).toEqual(['kept', 'other-worker']);
    expect(s.payableFen).toBe(3000);
  });

  it('pays unverified visits where the region has not switched confirmation on; disputed ones never', () => {
    const s = draftOf(
      NOV,
      [
        accrualOf({ visitId: 'u', verification: 'unverified' }),
        accrualOf({ visitId: 'd', verification: 'disputed', verificationReason: 'resident_disputed' }),
      ],
      factsOf({ payUnverified: true }),
    );
    expect(s.lines.map((l) => l.visitId)).toEqual(['u']);
    expect(reasonCodes(s)).toEqual({ d: 'disputed' });
  });

  it('a stop mid-month removes the visits after it, with the reason; before the approved plan started likewise', () => {
    const terms = recordPlanApproved(
      recordReferralStop(undefined, stopped('2026-11-15T12:00:00+08:00')).state,
      envelope('plan.approved.v1', {
        planId: 'plan-1',
        ...VISIT,
        itemCode: 'CZ-SH-01',
        planVersion: 1,
        rrule: 'FREQ=WEEKLY',
        startDate: '2026-11-03',
        endDate: '2027-10-31',
        durationMinutes: 60,
        tasks: ['送餐'],
        workerId: 'w-1',
        approvedBy: 'tw-1',
      }) as EventOf<typeof PlanApproved>,
    ).state!;
    const s = draftOf(
      NOV,
      [
        accrualOf({ visitId: 'early', deliveredAt: '2026-11-02T09:00:00+08:00' }),
        accrualOf({ visitId: 'in', deliveredAt: '2026-11-10T09:00:00+08:00' }),
        accrualOf({ visitId: 'same-day-before', deliveredAt: '2026-11-15T11:00:00+08:00' }),
        accrualOf({ visitId: 'after', deliveredAt: '2026-11-15T13:00:00+08:00' }),
        accrualOf({ visitId: 'later', deliveredAt: '2026-11-20T09:00:00+08:00' }),
      ],
      factsOf({ terms: [terms] }),
    );
    expect(reasonCodes(s)).toEqual({
      early: 'before_plan_start',
      after: 'after_service_stopped',
      later: 'after_service_stopped',
    });
    expect(s.excluded.find((l) => l.visitId === 'after')!.reason!.zh).toBe(
      '服务已于 2026-11-15 12:00 停止（服务方案终止：救助资格终止），此后的服务不予结算',
    );
    expect(s.lines.map((l) => l.visitId)).toEqual(['in', 'same-day-before']);
  });

  it('a change of eligibility stops the case’s item from the start of its effective day (China time)', () => {
    const changed = envelope('eligibility.changed.v1', {
      caseId: VISIT.caseId,
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      township: VISIT.township,
      personId: '3417021950010100xx',
      packVersion: 'x',
      cause: 'registry_status_changed',
      effectiveFrom: '2026-11-20',
      stoppedItems: [{ itemCode: 'CZ-SH-01', reason: '已退出低保' }],
    }) as EventOf<typeof EligibilityChanged>;
    const terms = recordEligibilityStop(undefined, changed, 'CZ-SH-01').state!;
    expect(recordEligibilityStop(undefined, changed, 'CZ-JK-02')).toEqual({});
    const s = draftOf(
      NOV,
      [
        accrualOf({ visitId: 'before', deliveredAt: '2026-11-19T23:59:00+08:00' }),
        accrualOf({ visitId: 'on', deliveredAt: '2026-11-20T00:00:00+08:00' }),
        accrualOf({ visitId: 'other-item', itemCode: 'CZ-JK-02', deliveredAt: '2026-11-21T09:00:00+08:00' }),
      ],
      factsOf({ terms: [terms] }),
    );
    expect(reasonCodes(s)).toEqual({ on: 'after_service_stopped' });
  });

  it('an upheld complaint about a visit holds its line (not paid); closed upheld it is excluded; reopened, released', () => {
    const received = recordComplaintReceived(
      undefined,
      envelope('complaint.received.v1', {
        complaintId: 'c-1',
        complaintNumber: 'TS-20261125-0001',
        kind: 'complaint',
        about: { providerId: 'prov-1', visitId: 'v' },
        type: 'service_quality',
        channel: 'hotline',
        summary: '没来',
        anonymous: false,
        receivedAt: '2026-11-25T09:00:00+08:00',
      }) as EventOf<typeof ComplaintReceived>,
    ).state!;
    const transition = (hold: ComplaintHold, to: string, upheld?: boolean) =>
      recordComplaintTransition(
        hold,
        envelope('complaint.transitioned.v1', {
          complaintId: 'c-1',
          complaintNumber: 'TS-20261125-0001',
          region: 'chizhou',
          from: 'investigating',
          to,
          actor: 'cty-1',
          reason: 'x',
          ...(upheld === undefined ? {} : { outcome: { upheld, summary: '属实' } }),
          at: '2026-11-26T09:00:00+08:00',
        }) as EventOf<typeof ComplaintTransitioned>,
      ).state ?? hold;
    const visits = [accrualOf({ visitId: 'v', units: 2 }), accrualOf({ visitId: 'w' })];
    const upheld = transition(received, 'resolved', true);
    const held = draftOf(NOV, visits, factsOf({ holds: [upheld] }));
    expect(held.lines.find((l) => l.visitId === 'v')).toMatchObject({
      status: 'held',
      reason: { code: 'complaint_hold' },
    });
    expect(held).toMatchObject({ payableFen: 1500, heldFen: 3000 });
    expect(draftOf(NOV, visits, factsOf({ holds: [received] })).payableFen).toBe(4500);

    const closedUpheld = transition(upheld, 'closed');
    expect(reasonCodes(draftOf(NOV, visits, factsOf({ holds: [closedUpheld] })))).toEqual({ v: 'complaint_upheld' });
    const released = transition(transition(transition(upheld, 'reopened'), 'resolved', false), 'closed');
    expect(draftOf(NOV, visits, factsOf({ holds: [released] })).payableFen).toBe(4500);
    // A redelivered transition sets what is set.
    expect(
      recordComplaintTransition(
        closedUpheld,
        envelope('complaint.transitioned.v1', { complaintId: 'c-1', to: 'closed' }),
      ),
    ).toEqual({});
  });
});

describe('service terms are kept idempotently, whatever order the events come in', () => {
  it('the earliest stop wins; a redelivery changes nothing', () => {
    const cancelled = envelope('referral.cancelled.v1', {
      referralId: 'ref-1',
      caseId: VISIT.caseId,
      region: 'chizhou',
      itemCode: 'CZ-SH-01',
      township: VISIT.township,
      route: { kind: 'provider', providerId: 'prov-1' },
      reason: '不再符合条件',
      cancelledAt: '2026-11-12T09:00:00+08:00',
    }) as EventOf<typeof ReferralCancelled>;
    const plan = stopped('2026-11-15T12:00:00+08:00');
    const one =
      recordReferralStop(recordReferralStop(undefined, cancelled).state, plan).state ??
      recordReferralStop(undefined, cancelled).state;
    const other = recordReferralStop(recordReferralStop(undefined, plan).state, cancelled).state;
    expect(one).toEqual(other);
    expect(other!.stop).toMatchObject({ cause: 'referral_cancelled', at: '2026-11-12T01:00:00.000Z' });
    expect(recordReferralStop(other, cancelled)).toEqual({});
    expect(recordReferralStop(other, plan)).toEqual({});
  });
});

describe('statement states: draft → township confirmed → county approved → paid, each with who and when', () => {
  const visits = [accrualOf({ visitId: 'a', deliveredAt: '2026-11-03T09:00:00+08:00' })];

  it('the township confirms a month that has ended; the county approves, then records it paid; each an event', () => {
    const decided = confirmStatement(undefined, draftOf(NOV, visits), township, afterNovember);
    expect(decided.state).toMatchObject({
      state: 'confirmed',
      history: [{ state: 'confirmed', by: 'tw-1', byName: '王干事', at: afterNovember.now.toISOString() }],
      frozen: { lines: [{ visitId: 'a' }], excluded: [] },
    });
    expect(decided.events![0]).toMatchObject({
      type: StatementConfirmed.type,
      key: '2026-11:341702001:prov-1',
      data: { payableFen: 1500, lineCount: 1, excludedCount: 0, heldCount: 0, confirmedBy: 'tw-1' },
    });
    const approved = approveStatement(decided.state, county, afterDecember, noFunding);
    expect(approved.state!.history.map((h) => [h.state, h.by])).toEqual([
      ['confirmed', 'tw-1'],
      ['approved', 'cty-1'],
    ]);
    expect(approved.events![0]).toMatchObject({
      type: StatementApproved.type,
      data: { payableFen: 1500, approvedBy: 'cty-1' },
    });
    const paid = markStatementPaid(approved.state, county, afterDecember);
    expect(paid.state!.state).toBe('paid');
    expect(paid.events![0]).toMatchObject({ type: StatementPaid.type, data: { paidBy: 'cty-1' } });
  });

  it('refuses what is out of order, early, empty or outside the caller’s jurisdiction, with a code', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof DomainError ? e.code : String(e);
      }
      return 'no error';
    };
    const s = draftOf(NOV, visits);
    expect(
      code(() => confirmStatement(undefined, s, township, useCaseContext(new Date('2026-11-30T20:00:00+08:00')))),
    ).toBe('month_not_ended');
    expect(code(() => confirmStatement(undefined, draftOf(NOV, []), township, afterNovember))).toBe('statement_empty');
    expect(code(() => confirmStatement(undefined, s, { ...township, jurisdiction: '341702002' }, afterNovember))).toBe(
      'outside_jurisdiction',
    );
    const stored = confirmed(s);
    expect(code(() => confirmStatement(stored, s, township, afterNovember))).toBe('statement_state');
    expect(code(() => markStatementPaid(stored, county, afterNovember))).toBe('statement_state');
    expect(code(() => approveStatement(undefined, county, afterNovember, noFunding))).toBe('statement_state');
    expect(code(() => approveStatement(stored, { ...county, jurisdiction: '341703' }, afterNovember, noFunding))).toBe(
      'outside_jurisdiction',
    );
  });
});

describe('after confirmation nothing is edited: changes become adjusting lines of the next open statement', () => {
  const a = accrualOf({ visitId: 'a', deliveredAt: '2026-11-03T09:00:00+08:00', units: 2 });
  const b = accrualOf({ visitId: 'b', deliveredAt: '2026-11-20T09:00:00+08:00' });
  const novStored = confirmed(draftOf(NOV, [a, b]));

  it('a confirmed statement reads as frozen, whatever is learnt later', () => {
    const later = computeStatement({
      key: NOV,
      visits: [a, b, accrualOf({ visitId: 'late' })],
      stored: novStored,
      confirmedBefore: [],
      facts: factsOf(),
    });
    expect(later).toMatchObject({ state: 'confirmed', basis: 'frozen', payableFen: 4500 });
    expect(later.lines.map((l) => l.visitId)).toEqual(['a', 'b']);
  });

  it('a late visit of the confirmed month is an adjusting line of December referring to the original month', () => {
    const late = accrualOf({ visitId: 'late', deliveredAt: '2026-11-28T09:00:00+08:00' });
    const dec = draftOf(DEC, [accrualOf({ visitId: 'd1', deliveredAt: '2026-12-02T09:00:00+08:00' })], factsOf(), [
      { stored: novStored, visits: [a, b, late] },
    ]);
    expect(dec.lines.map((l) => [l.lineId, l.kind, l.amountFen, l.reason?.code])).toEqual([
      ['d1', 'visit', 1500, undefined],
      ['late@2026-12', 'adjustment', 1500, 'late_visit'],
    ]);
    expect(dec.lines[1]!.adjusts).toEqual({ month: '2026-11', lineId: 'late' });
    expect(dec).toMatchObject({ payableFen: 3000, adjustmentFen: 1500 });
  });

  it('a stop learnt after confirmation reverses the paid visit after it; recomputing gives the same lines', () => {
    const facts = factsOf({ terms: [recordReferralStop(undefined, stopped('2026-11-15T00:00:00+08:00')).state!] });
    const dec = () => draftOf(DEC, [], facts, [{ stored: novStored, visits: [b, a] }]);
    expect(dec().lines).toEqual([
      expect.objectContaining({
        lineId: 'b@2026-12',
        amountFen: -1500,
        quantity: -1,
        reason: expect.objectContaining({ code: 'reversed' }),
      }),
    ]);
    expect(dec().lines[0]!.reason!.zh).toContain('服务已于 2026-11-15 00:00 停止');
    expect(dec()).toEqual(dec());
  });

  it('a line held when confirmed is paid by an adjusting line once released; a chain of confirmed months pays it once', () => {
    const hold: ComplaintHold = {
      complaintId: 'c',
      complaintNumber: 'TS-1',
      visitId: 'b',
      upheld: true,
      closed: false,
    };
    const novHeld = confirmed(draftOf(NOV, [a, b], factsOf({ holds: [hold] })));
    expect(novHeld.frozen.lines.find((l) => l.visitId === 'b')!.status).toBe('held');
    const released = factsOf({ holds: [{ ...hold, upheld: false, closed: true }] });
    const dec = draftOf(DEC, [], released, [{ stored: novHeld, visits: [a, b] }]);
    expect(dec.lines.map((l) => [l.lineId, l.amountFen, l.reason?.code])).toEqual([['b@2026-12', 1500, 'released']]);
    // December confirmed with the release: January owes nothing more for b.
    const decStored = confirmed(dec, afterDecember);
    const jan = draftOf(JAN, [], released, [
      { stored: novHeld, visits: [a, b] },
      { stored: decStored, visits: [] },
    ]);
    expect(jan.lines).toEqual([]);
    expect(confirmedMonthsBefore('2027-01', [novHeld, decStored]).map((s) => s.month)).toEqual(['2026-11', '2026-12']);
    expect(confirmedMonthsBefore('2027-01', [novHeld]).map((s) => s.month)).toEqual([]);
  });
});
