/**
 * The guards of funding at county approval: the county-year's reservations that keep two approvals at once from
 * together passing the purchased-services cap (reserve, commit while held, settle; stale and approved
 * reservations stop counting), and the backfill that gives statements approved before the ledger their entries
 * in approval order, so a later reversal of their lines books.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { DomainError, useCaseContext, type Commits, type Decision, type UseCaseContext } from '@carelink/contracts';
import { reconcileLedger, type LedgerEntry } from '../src/domain/funding/allocation-ledger';
import { fundStatement, replayStatementFunding } from '../src/domain/funding/fund-statement';
import { statementsToReconcile } from '../src/domain/funding/funding-overview';
import {
  assertReservationHeld,
  RESERVATION_COMMIT_WITHIN_MS,
  RESERVATION_STALE_MS,
  reserveFunding,
  withdrawReservation,
  type CountyYearReservations,
  type FundingReservation,
} from '../src/domain/funding/funding-reservation';
import { handleApproveStatement, type FundingDeps } from '../src/domain/funding/handle-funding';
import { backfillLedgers, inApprovalOrder } from '../src/domain/funding/ledger-backfill';
import type { StoredStatement } from '../src/domain/statement/statement';
import { aLine, aNovemberAdjustment, aStatement, fundingFacts, refusal, smallChizhou } from './funding-fixture';

const visits = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => aLine(`${prefix}${i + 1}`, 1500));
const approvedAt = (at: string) => ({ state: 'approved' as const, by: 'cty-1', at });

const NOW = new Date('2026-11-05T02:00:00.000Z');
const ctxAt = (now: Date) => useCaseContext(now);

describe('reserveFunding: the county-year guard of approvals', () => {
  const a = aStatement('prov-a', '2026-10', visits('a', 5));
  const b = aStatement('prov-b', '2026-10', visits('b', 5));
  const reserve = (
    current: CountyYearReservations | undefined,
    s: StoredStatement,
    now = NOW,
    ledger: LedgerEntry[] = [],
    approvedIds = new Set<string>(),
  ) =>
    reserveFunding(
      current,
      {
        county: '341702',
        year: 2026,
        statementId: s.statementId,
        ledger,
        approvedIds,
        fund: (l) => fundStatement(s, fundingFacts({ ledger: l })),
      },
      ctxAt(now),
    );

  it('counts a reservation in flight as used: the second of two statements that fit alone is refused with the first in its use', async () => {
    const first = reserve(undefined, a);
    expect(first.result!.cap).toMatchObject({ usedFen: 0, thisStatementFen: 4500 });
    expect(first.state!.reservations.map((r) => r.statementId)).toEqual([a.statementId]);
    const e = await refusal(() => reserve(first.state, b));
    expect(e.code).toBe('purchased_services_cap_exceeded');
    // a drew ¥30 of temporary assistance and ¥45 of the capped funds; b would draw all ¥75 from them.
    expect(e.details?.[0]).toMatchObject({ capFen: 10_000, usedFen: 4500, thisStatementFen: 7500, overByFen: 2000 });
    // Without a's reservation (nothing in flight) b alone fits.
    expect(reserve(undefined, b).result!.cap).toMatchObject({ usedFen: 0, thisStatementFen: 4500 });
  });

  it('drops a reservation once its statement is in the approved ledger (counted once), or once it is stale', async () => {
    const first = reserve(undefined, a);
    const entries = first.result!.reservation.entries;
    // a committed: its entries are in the ledger read, and its reservation does not count a second time
    // (b's use is ¥45, not ¥90) …
    const counted = await refusal(() => reserve(first.state, b, NOW, entries, new Set([a.statementId])));
    expect(counted.details?.[0]).toMatchObject({ usedFen: 4500, thisStatementFen: 7500 });
    // … and goes with the next reservation (c: ¥30 more fits).
    const c = aStatement('prov-c', '2026-10', visits('c', 2));
    const afterCommit = reserve(first.state, c, NOW, entries, new Set([a.statementId]));
    expect(afterCommit.result!.cap).toMatchObject({ usedFen: 4500, thisStatementFen: 3000 });
    expect(afterCommit.state!.reservations.map((r) => r.statementId)).toEqual([c.statementId]);
    // a crashed before committing: its reservation counts until it is stale, then b fits and a's goes.
    const justBefore = new Date(NOW.getTime() + RESERVATION_STALE_MS - 1);
    expect((await refusal(() => reserve(first.state, b, justBefore))).code).toBe('purchased_services_cap_exceeded');
    const stale = reserve(first.state, b, new Date(NOW.getTime() + RESERVATION_STALE_MS));
    expect(stale.result!.cap).toMatchObject({ usedFen: 0 });
    expect(stale.state!.reservations.map((r) => r.statementId)).toEqual([b.statementId]);
  });

  it('replaces an earlier attempt’s reservation of the same statement (a retry never counts twice)', () => {
    const first = reserve(undefined, a);
    const retry = reserve(first.state, a);
    expect(retry.result!.cap).toMatchObject({ usedFen: 0, thisStatementFen: 4500 });
    expect(retry.state!.reservations).toHaveLength(1);
    expect(retry.state!.reservations[0]!.token).not.toBe(first.result!.reservation.token);
  });

  it('settles only its own attempt’s reservation, and commits only while it holds and is young', () => {
    const first = reserve(undefined, a).state!;
    const { token } = first.reservations[0]!;
    expect(withdrawReservation(first, a.statementId, 'another-attempt')).toEqual({});
    expect(withdrawReservation(first, a.statementId, token).state!.reservations).toEqual([]);
    expect(withdrawReservation(undefined, a.statementId, token)).toEqual({});

    expect(() => assertReservationHeld(first, a.statementId, token, NOW)).not.toThrow();
    const lost = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).code;
      }
      return 'held';
    };
    expect(lost(() => assertReservationHeld(first, a.statementId, 'another-attempt', NOW))).toBe(
      'funding_reservation_lost',
    );
    expect(lost(() => assertReservationHeld(undefined, a.statementId, token, NOW))).toBe('funding_reservation_lost');
    const late = new Date(NOW.getTime() + RESERVATION_COMMIT_WITHIN_MS);
    expect(lost(() => assertReservationHeld(first, a.statementId, token, late))).toBe('funding_reservation_lost');
  });
});

/** Documents in memory with the commit port's contract: decide on what was read, write only if its version is still the one read (else decide again). */
class VersionedMemory<S> implements Commits<S, object> {
  readonly docs = new Map<string, { state: S; version: number }>();
  now = NOW;
  failWith?: (id: string) => Error | undefined;
  async commit<R>(
    id: string,
    decide: (current: S | undefined, ctx: UseCaseContext) => Decision<S, R> | Promise<Decision<S, R>>,
  ): Promise<R> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const read = this.docs.get(id);
      const decision = await decide(read ? structuredClone(read.state) : undefined, useCaseContext(this.now));
      if (decision.state === undefined) return decision.result as R;
      await new Promise((r) => setImmediate(r)); // the write's round trip: other commits run meanwhile
      const failure = this.failWith?.(id);
      if (failure) throw failure;
      if ((this.docs.get(id)?.version ?? 0) !== (read?.version ?? 0)) continue;
      this.docs.set(id, { state: decision.state, version: (read?.version ?? 0) + 1 });
      return decision.result as R;
    }
    throw new Error(`${id} kept changing`);
  }
  get(id: string) {
    return this.docs.get(id)?.state;
  }
}

describe('handleApproveStatement: approvals at once, without transactions', () => {
  const county: StaffPrincipal = { sub: 'cty-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' };
  const unused = () => Promise.reject(new Error('not used by approval'));
  const setUp = (...stored: StoredStatement[]) => {
    const statements = new VersionedMemory<StoredStatement>();
    for (const s of stored) statements.docs.set(s.statementId, { state: s, version: 1 });
    const reservations = new VersionedMemory<CountyYearReservations>();
    const all = () => [...statements.docs.values()].map((d) => d.state);
    const deps: FundingDeps = {
      policies: { get: () => smallChizhou },
      statements: {
        ofPlace: async (p) => all().filter((s) => s.providerId === p.providerId && s.township === p.township),
      },
      commits: statements,
      reservations,
      funding: {
        approvedOf: async () => all().filter((s) => s.state === 'approved' || s.state === 'paid'),
        reservationsOf: async (c, y) => reservations.get(`${c}|${y}`),
        persons: async () => new Map(),
        topUps: async () => new Map(),
        personByCaseNumber: unused,
        topUpConsentsWithin: unused,
      },
      topUpConsents: { commit: unused },
      audit: { record: unused },
    };
    return { statements, reservations, deps };
  };
  const keyOf = (s: StoredStatement) => ({
    region: s.region,
    township: s.township,
    providerId: s.providerId,
    month: s.month,
  });

  it('two approvals racing on the version check: exactly one is approved, the other refused with the first in its use', async () => {
    const a = aStatement('prov-a', '2026-10', visits('a', 5));
    const b = aStatement('prov-b', '2026-10', visits('b', 5));
    const { statements, reservations, deps } = setUp(a, b);
    const outcomes = await Promise.allSettled([a, b].map((s) => handleApproveStatement(keyOf(s), county, deps)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason as DomainError;
    expect(refused.code).toBe('purchased_services_cap_exceeded');
    expect(refused.details?.[0]).toMatchObject({ usedFen: 4500, thisStatementFen: 7500, overByFen: 2000 });
    const states = [a, b].map((s) => statements.get(s.statementId)!.state).sort();
    expect(states).toEqual(['approved', 'confirmed']);
    // Settled: nothing left in flight, and the approved statement carries exactly what was reserved.
    expect(reservations.get('341702|2026')!.reservations).toEqual([]);
    const winner = [a, b].map((s) => statements.get(s.statementId)!).find((s) => s.state === 'approved')!;
    expect(winner.ledger!.reduce((sum, e) => sum + e.fen, 0)).toBe(7500);
  });

  it('releases the reservation when the statement’s write fails, so it does not eat the cap', async () => {
    const a = aStatement('prov-a', '2026-10', visits('a', 5));
    const b = aStatement('prov-b', '2026-10', visits('b', 5));
    const { statements, reservations, deps } = setUp(a, b);
    statements.failWith = (id) => (id === a.statementId ? new Error('store away') : undefined);
    await expect(handleApproveStatement(keyOf(a), county, deps)).rejects.toThrow('store away');
    expect(reservations.get('341702|2026')!.reservations).toEqual([]);
    statements.failWith = undefined;
    await expect(handleApproveStatement(keyOf(b), county, deps)).resolves.toMatchObject({ state: 'approved' });
  });

  it('a reservation left by a crash counts until stale; a second approval of the same statement is refused by its state', async () => {
    const a = aStatement('prov-a', '2026-10', visits('a', 5));
    const b = aStatement('prov-b', '2026-10', visits('b', 5));
    const { statements, reservations, deps } = setUp(a, b);
    const crashed: FundingReservation = {
      statementId: a.statementId,
      token: 'crashed-attempt',
      reservedAt: NOW.toISOString(),
      entries: fundStatement(a, fundingFacts()).entries,
    };
    reservations.docs.set('341702|2026', {
      state: { countyYear: '341702|2026', county: '341702', year: 2026, reservations: [crashed] },
      version: 1,
    });
    expect((await refusal(() => handleApproveStatement(keyOf(b), county, deps))).code).toBe(
      'purchased_services_cap_exceeded',
    );
    for (const m of [statements, reservations]) m.now = new Date(NOW.getTime() + RESERVATION_STALE_MS);
    await expect(handleApproveStatement(keyOf(b), county, deps)).resolves.toMatchObject({ state: 'approved' });
    expect(reservations.get('341702|2026')!.reservations).toEqual([]);
    await handleApproveStatement(keyOf(a), county, deps).catch(() => undefined);
    expect((await refusal(() => handleApproveStatement(keyOf(b), county, deps))).code).toBe('statement_state');
  });
});

describe('backfilling the ledger of statements approved before it existed', () => {
  it('books old statements in approval order on top of the entries booked since, so a later reversal of their lines books', () => {
    // Approved with the ledger: ¥15 of temporary assistance.
    const booked = {
      ...aStatement('prov-new', '2026-10', [aLine('n1', 1500)], {
        state: 'approved',
        history: [approvedAt('2026-11-20T00:00:00Z')],
      }),
    };
    booked.ledger = fundStatement(booked, fundingFacts()).entries;
    // Two old ones: y approved before x although x's statement id sorts first.
    const x = aStatement('prov-x', '2026-10', [aLine('x1', 1500)], {
      state: 'approved',
      history: [approvedAt('2026-11-03T00:00:00Z')],
    });
    const y = aStatement('prov-y', '2026-10', [aLine('y1', 1500)], {
      state: 'paid',
      history: [approvedAt('2026-11-02T00:00:00Z')],
    });
    expect(inApprovalOrder([x, y]).map((s) => s.providerId)).toEqual(['prov-y', 'prov-x']);
    const out = backfillLedgers({
      unbooked: [x, y],
      booked: [booked],
      packOf: () => smallChizhou,
      persons: new Map(),
      topUps: new Map(),
    });
    expect(
      out.map((b) => [b.statementId, b.entries.map((e) => [e.entryId, e.sourceCode, e.fen]), b.unbookedLines]),
    ).toEqual([
      [y.statementId, [[`${y.statementId}/y1/temporary_assistance`, 'temporary_assistance', 1500]], []],
      // temporary assistance spent (¥15 booked, ¥15 by y): x takes the next source.
      [x.statementId, [[`${x.statementId}/x1/assistance_work_funds`, 'assistance_work_funds', 1500]], []],
    ]);

    // November reverses x1 on a new approval: the reversal finds x's backfilled entries.
    const xBooked = { ...x, ledger: out[1]!.entries };
    const nov = aStatement('prov-x', '2026-11', [aNovemberAdjustment('x1', -1500)]);
    const ledger = [...booked.ledger, ...out.flatMap((b) => b.entries)];
    const reversal = fundStatement(nov, fundingFacts({ ledger, place: [xBooked] }));
    expect(reversal.entries).toEqual([
      expect.objectContaining({
        kind: 'reversal',
        sourceCode: 'assistance_work_funds',
        fen: -1500,
        reverses: `${x.statementId}/x1/assistance_work_funds`,
      }),
    ]);
    const all = [
      booked,
      { ...y, ledger: out[0]!.entries },
      xBooked,
      { ...nov, state: 'approved' as const, ledger: reversal.entries },
    ];
    expect(
      reconcileLedger(
        all.flatMap((s) => s.ledger ?? []),
        statementsToReconcile(all),
      ),
    ).toMatchObject({
      balanced: true,
      allocatedFen: 3000,
    });
  });

  it('an old line beyond every budget is booked to the first source that may pay it, overdrawn, never refused; the cap is not checked', () => {
    const spent = fundStatement(
      aStatement('prov-s', '2026-10', [aLine('s1', 3000), aLine('s2', 9000)]),
      fundingFacts(),
    ).entries;
    const old = aStatement('prov-o', '2026-10', [aLine('o1', 1500)], {
      state: 'approved',
      history: [approvedAt('2026-11-01T00:00:00Z')],
    });
    const { entries, unbookedLines } = replayStatementFunding(old, fundingFacts({ ledger: spent }));
    expect(entries.map((e) => [e.entryId, e.fen])).toEqual([
      [`${old.statementId}/o1/assistance_work_funds`, 1000],
      [`${old.statementId}/o1/temporary_assistance`, 500],
    ]);
    expect(unbookedLines).toEqual([]);
    // The approval of the same statement would have been refused.
    expect(() => fundStatement(old, fundingFacts({ ledger: spent }))).toThrow(DomainError);
  });

  it('leaves lines it cannot book as they are and names them (a reversal of more than was booked; a region without a pack)', () => {
    const nov = aStatement('prov-z', '2026-11', [aNovemberAdjustment('z1', -1500)], {
      state: 'approved',
      history: [approvedAt('2026-12-01T00:00:00Z')],
    });
    expect(replayStatementFunding(nov, fundingFacts())).toEqual({ entries: [], unbookedLines: ['z1@2026-11'] });
    const elsewhere = {
      ...aStatement('prov-q', '2026-10', [aLine('q1', 1500)], { state: 'approved' as const }),
      region: 'nowhere',
    };
    expect(
      backfillLedgers({
        unbooked: [elsewhere],
        booked: [],
        packOf: () => undefined,
        persons: new Map(),
        topUps: new Map(),
      }),
    ).toEqual([{ statementId: elsewhere.statementId, entries: [], unbookedLines: ['q1'] }]);
  });
});
