/**
 * The two guards of funding at county approval on the real servers (Kafka, FerretDB, Redis):
 * - two approvals at once cannot together pass the purchased-services cap (the county-year's reservations,
 *   version-checked, decide them in turn);
 * - a reversal of a line approved before the ledger existed books once the start's backfill has given the old
 *   statement its entries, and the ledger reconciles.
 * The packs are the repository's, with Chizhou's 341702 budget year 2026 made small in this run's copy (pooled
 * ¥10,000 → a 1 % cap of ¥100; ¥30 of temporary assistance before the capped work funds).
 */
import { LEDGER_BACKFILL } from '../src/data-access/funding-repository';
import { october, settlementOnServers, statementPath, type Json } from './funding-servers-fixture';
import { VISIT } from './visit-fixture';

describe('funding guards at county approval on the real servers', () => {
  const settlement = settlementOnServers('fundguard');
  const { call, deliver, statementOnceItHolds, reconciled } = settlement;

  it('two approvals at once that each fit under the cap but not together: one is approved, the other refused with the first counted as used', async () => {
    // Five visits each (¥75): alone, ¥30 from temporary assistance and ¥45 from the capped work funds, within the
    // ¥100 cap; the second then draws all ¥75 from the work funds: ¥45 + ¥75 = ¥120, ¥20 over.
    await deliver('prov-race-a', october('race-a', 5));
    await deliver('prov-race-b', october('race-b', 5));
    for (const p of ['prov-race-a', 'prov-race-b'])
      expect((await call('POST', `${statementPath('2026-10', p)}/confirm`, 'township')).status).toBe(201);

    const answers = await Promise.all(
      ['prov-race-a', 'prov-race-b'].map((p) => call('POST', `${statementPath('2026-10', p)}/approve`, 'county')),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    const refused = answers.find((a) => a.status === 422)!;
    expect(refused.body.code).toBe('purchased_services_cap_exceeded');
    expect(refused.body.errors[0]).toMatchObject({
      capFen: 10_000,
      usedFen: 4500,
      thisStatementFen: 7500,
      overByFen: 2000,
    });
    const states = await Promise.all(
      ['prov-race-a', 'prov-race-b'].map(
        async (p) => (await call('GET', statementPath('2026-10', p), 'county')).body.state,
      ),
    );
    expect(states.sort()).toEqual(['approved', 'confirmed']);

    const funding = (await call('GET', '/funding?year=2026', 'county')).body;
    expect(funding.cap).toEqual({ basisPoints: 100, capFen: 10_000, usedFen: 4500, remainingFen: 5500 });
    expect(funding.reconciliation.balanced).toBe(true);
    // The winner's reservation is settled: the county-year's guard holds nothing in flight.
    const guard = await settlement.running.ctx.connection
      .collection('funding_reservations')
      .findOne({ _id: '341702|2026' } as never);
    expect(guard?.reservations).toEqual([]);
  });

  it('a reversal of a line approved before the ledger existed books once the start has backfilled that statement’s entries', async () => {
    const plan = await settlement.approvePlan('plan-legacy', 'prov-legacy');
    await deliver('prov-legacy', [
      { id: 'legacy-1', at: '2026-10-05T09:00:00+08:00' },
      { id: 'legacy-2', at: '2026-10-25T09:00:00+08:00' },
    ]);
    const octPath = statementPath('2026-10', 'prov-legacy');
    expect((await call('POST', `${octPath}/confirm`, 'township')).status).toBe(201);
    expect((await call('POST', `${octPath}/approve`, 'county')).status).toBe(201);
    // As the code before the ledger stored an approved statement: no entries, no ledger keys.
    const statements = settlement.running.ctx.connection.collection('statements');
    const octId = `2026-10:${VISIT.township}:prov-legacy`;
    await statements.updateOne({ _id: octId } as never, { $unset: { ledger: '', ledgerKeys: '' } });
    expect((await call('GET', '/funding?year=2026', 'county')).body.cap.usedFen).toBe(4500);

    // Learnt after approval: the plan stopped on October 20th, so legacy-2 is taken back on November's statement.
    await plan.stop('2026-10-20T10:00:00+08:00');
    const novPath = statementPath('2026-11', 'prov-legacy');
    expect((await statementOnceItHolds(novPath, 1)).lines[0]).toMatchObject({
      lineId: 'legacy-2@2026-11',
      amountFen: -1500,
    });
    expect((await call('POST', `${novPath}/confirm`, 'township')).status).toBe(201);
    // Without the backfill the ledger cannot say where legacy-2's ¥15 came from.
    const unbooked = await call('POST', `${novPath}/approve`, 'county');
    expect(unbooked.status).toBe(422);
    expect(unbooked.body.code).toBe('reversal_unbooked');

    // A database from before the ledger: the backfill has not run. The next start runs it once.
    await settlement.running.ctx.connection.collection('data_migrations').deleteOne({ _id: LEDGER_BACKFILL } as never);
    await settlement.restart();
    const octDoc = (await settlement.running.ctx.connection
      .collection('statements')
      .findOne({ _id: octId } as never)) as Json | null;
    expect(octDoc?.ledger?.map((e: Json) => [e.lineId, e.sourceCode, e.fen])).toEqual([
      ['legacy-1', 'assistance_work_funds', 1500],
      ['legacy-2', 'assistance_work_funds', 1500],
    ]);
    expect((await call('GET', '/funding?year=2026', 'county')).body.cap.usedFen).toBe(7500);

    const approved = await call('POST', `${novPath}/approve`, 'county');
    expect(approved.status).toBe(201);
    const ledger = (await call('GET', '/ledger?year=2026', 'county')).body.entries as Json[];
    const reversal = ledger.filter((e) => e.kind === 'reversal');
    expect(reversal).toHaveLength(1);
    expect(reversal[0]).toMatchObject({ lineId: 'legacy-2@2026-11', visitId: 'legacy-2', fen: -1500 });
    expect(reversal[0]!.reverses).toBe(`${octId}/legacy-2/assistance_work_funds`);
    const proof = await reconciled();
    expect(proof.balanced).toBe(true);
    expect(proof.allocatedFen).toBe(7500 + 3000 - 1500);
    const funding = (await call('GET', '/funding?year=2026', 'county')).body;
    expect(funding.cap.usedFen).toBe(6000);
    expect(funding.reconciliation.balanced).toBe(true);
  });
});
