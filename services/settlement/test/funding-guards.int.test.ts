/**
 * The two guards of funding at county approval on the real servers (Kafka, FerretDB, Redis):
 * - two approvals at once cannot together pass the purchased-services cap (the county-year's reservations,
 *   version-checked, decide them in turn);
 * - a reversal of a line approved before the ledger existed books once the start's backfill has given the old
 *   statement its entries, and the ledger reconciles.
 * The packs are the repository's, with Chizhou's 341702 budget year 2026 made small in this run's copy (pooled
 * ¥10,000 → a 1 % cap of ¥100; ¥30 of temporary assistance before the capped work funds).
 */
import { buildEvent, PlanApproved, PlanStopped, topics } from '@carelink/contracts';
import { issueLocalToken, startService, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConfig, type SettlementConfig } from '../src/config';
import { reconcileLedger } from '../src/domain/funding/allocation-ledger';
import { statementsToReconcile } from '../src/domain/funding/funding-overview';
import { FundingRepository, LEDGER_BACKFILL } from '../src/data-access/funding-repository';
import { settlementService } from '../src/service';
import { deliveredV2, VISIT } from './visit-fixture';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

describe('funding guards at county approval on the real servers', () => {
  let running: RunningService<SettlementConfig>;
  let config: SettlementConfig;
  let policyDir: string;
  const tokens: Record<string, string> = {};
  const runId = uniqueName('fundguard');

  beforeAll(async () => {
    policyDir = mkdtempSync(join(tmpdir(), 'settlement-funding-guard-packs-'));
    cpSync(resolve(__dirname, '../../../policy'), policyDir, { recursive: true });
    const chizhou = join(policyDir, 'chizhou.yaml');
    // The first county-year of the pack is 341702's 2026: replace its amounts (first occurrences) in this copy.
    let text = readFileSync(chizhou, 'utf8');
    for (const [from, to] of [
      ['pooledAssistanceFundsFen: 20000000000,', 'pooledAssistanceFundsFen: 1000000,'],
      ['temporary_assistance: 80000000,', 'temporary_assistance: 3000,'],
      ['assistance_work_funds: 200000000,', 'assistance_work_funds: 10000,'],
      ['other_service_funds: 100000000,', 'other_service_funds: 0,'],
      ['charity_funds: 30000000,', 'charity_funds: 0,'],
    ] as const) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    writeFileSync(chizhou, text);
    const servers = await testServers();
    config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_settlement`),
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      POLICY_DIR: policyDir,
      LOG_LEVEL: 'silent',
    });
    running = await startService(settlementService, config);
    const issue = (sub: string, role: string, jurisdiction: string) =>
      issueLocalToken({ sub, role: role as 'county_officer', region: 'chizhou', jurisdiction });
    tokens.township = await issue('tw-1', 'township_caseworker', '341702001');
    tokens.county = await issue('cty-1', 'county_officer', '341702');
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
    if (policyDir) rmSync(policyDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, who: string) => {
    const res = await fetch(`http://127.0.0.1:${running.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}` },
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const until = async (probe: () => Promise<boolean>, tries = 150) => {
    for (let i = 0; i < tries; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('timed out');
  };
  const path = (month: string, providerId: string) => `/statements/${month}/${VISIT.township}/${providerId}`;
  /** Publishes the visits (¥15.00 each) and waits until the draft statement holds them all. */
  const deliver = async (providerId: string, visits: { id: string; at: string }[]) => {
    for (const v of visits)
      await running.ctx.bus.publish(
        topics.visits,
        deliveredV2(
          {
            itemCode: 'CZ-SH-01',
            units: 1,
            referralId: `ref-${providerId}`,
            providerId,
            visitId: v.id,
            deliveredAt: v.at,
          },
          `ev-${v.id}`,
        ),
      );
    const month = visits[0]!.at.slice(0, 7);
    await until(
      async () => (await call('GET', path(month, providerId), 'township')).body.lines?.length === visits.length,
    );
  };
  const october = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${i + 1}`,
      at: `2026-10-${String(i + 2).padStart(2, '0')}T09:00:00+08:00`,
    }));
  const reconciled = async () => {
    const approved = await new FundingRepository(running.ctx.connection).approvedOf('341702', 2026);
    return reconcileLedger(
      approved.flatMap((s) => s.ledger ?? []),
      statementsToReconcile(approved),
    );
  };

  it('two approvals at once that each fit under the cap but not together: one is approved, the other refused with the first counted as used', async () => {
    // Five visits each (¥75): alone, ¥30 from temporary assistance and ¥45 from the capped work funds, within the
    // ¥100 cap; the second then draws all ¥75 from the work funds: ¥45 + ¥75 = ¥120, ¥20 over.
    await deliver('prov-race-a', october('race-a', 5));
    await deliver('prov-race-b', october('race-b', 5));
    for (const p of ['prov-race-a', 'prov-race-b'])
      expect((await call('POST', `${path('2026-10', p)}/confirm`, 'township')).status).toBe(201);

    const answers = await Promise.all(
      ['prov-race-a', 'prov-race-b'].map((p) => call('POST', `${path('2026-10', p)}/approve`, 'county')),
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
      ['prov-race-a', 'prov-race-b'].map(async (p) => (await call('GET', path('2026-10', p), 'county')).body.state),
    );
    expect(states.sort()).toEqual(['approved', 'confirmed']);

    const funding = (await call('GET', '/funding?year=2026', 'county')).body;
    expect(funding.cap).toEqual({ basisPoints: 100, capFen: 10_000, usedFen: 4500, remainingFen: 5500 });
    expect(funding.reconciliation.balanced).toBe(true);
    // The winner's reservation is settled: the county-year's guard holds nothing in flight.
    const guard = await running.ctx.connection
      .collection('funding_reservations')
      .findOne({ _id: '341702|2026' } as never);
    expect(guard?.reservations).toEqual([]);
  });

  it('a reversal of a line approved before the ledger existed books once the start has backfilled that statement’s entries', async () => {
    const facts = {
      planId: 'plan-legacy',
      ...VISIT,
      providerId: 'prov-legacy',
      referralId: 'ref-prov-legacy',
      itemCode: 'CZ-SH-01',
    };
    await running.ctx.bus.publish(
      topics.visits,
      buildEvent(PlanApproved, {
        source: '/test',
        key: VISIT.caseId,
        data: {
          ...facts,
          planVersion: 1,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          startDate: '2026-10-01',
          endDate: '2027-08-31',
          durationMinutes: 60,
          tasks: ['送餐'],
          workerId: 'w-1',
          approvedBy: 'tw-1',
        },
      }),
    );
    await deliver('prov-legacy', [
      { id: 'legacy-1', at: '2026-10-05T09:00:00+08:00' },
      { id: 'legacy-2', at: '2026-10-25T09:00:00+08:00' },
    ]);
    const octPath = path('2026-10', 'prov-legacy');
    expect((await call('POST', `${octPath}/confirm`, 'township')).status).toBe(201);
    expect((await call('POST', `${octPath}/approve`, 'county')).status).toBe(201);
    // As the code before the ledger stored an approved statement: no entries, no ledger keys.
    const statements = running.ctx.connection.collection('statements');
    const octId = `2026-10:${VISIT.township}:prov-legacy`;
    await statements.updateOne({ _id: octId } as never, { $unset: { ledger: '', ledgerKeys: '' } });
    expect((await call('GET', '/funding?year=2026', 'county')).body.cap.usedFen).toBe(4500);

    // Learnt after approval: the plan stopped on October 20th, so legacy-2 is taken back on November's statement.
    await running.ctx.bus.publish(
      topics.visits,
      buildEvent(PlanStopped, {
        source: '/test',
        key: VISIT.caseId,
        data: { ...facts, planVersion: 1, reason: '已退出低保', stoppedAt: '2026-10-20T10:00:00+08:00' },
      }),
    );
    const novPath = path('2026-11', 'prov-legacy');
    await until(async () => (await call('GET', novPath, 'township')).body.lines?.length === 1);
    expect((await call('GET', novPath, 'township')).body.lines[0]).toMatchObject({
      lineId: 'legacy-2@2026-11',
      amountFen: -1500,
    });
    expect((await call('POST', `${novPath}/confirm`, 'township')).status).toBe(201);
    // Without the backfill the ledger cannot say where legacy-2's ¥15 came from.
    const unbooked = await call('POST', `${novPath}/approve`, 'county');
    expect(unbooked.status).toBe(422);
    expect(unbooked.body.code).toBe('reversal_unbooked');

    // A database from before the ledger: the backfill has not run. The next start runs it once.
    await running.ctx.connection.collection('data_migrations').deleteOne({ _id: LEDGER_BACKFILL } as never);
    await running.stop();
    running = await startService(settlementService, config);
    const octDoc = (await running.ctx.connection
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
