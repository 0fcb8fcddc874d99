/**
 * Funding at county approval on the real servers (Kafka, FerretDB, Redis): visits published as provider-scheduling
 * does, statements confirmed by the township and approved by the county over HTTP. The packs are the repository's,
 * with Chizhou's 341702 budget year 2026 made small in this run's copy (pooled ¥10,000 → a 1 % cap of ¥100; ¥30 of
 * temporary assistance before the capped work funds), so a handful of visits reaches the cap.
 */
import { buildEvent, EligibilityDecided, PlanApproved, PlanStopped, topics } from '@carelink/contracts';
import { issueLocalToken, startService, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConfig, type SettlementConfig } from '../src/config';
import { reconcileLedger } from '../src/domain/funding/allocation-ledger';
import { statementsToReconcile } from '../src/domain/funding/funding-overview';
import { FundingRepository } from '../src/data-access/funding-repository';
import { settlementService } from '../src/service';
import { deliveredV2, VISIT } from './visit-fixture';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

describe('funding at county approval on the real servers', () => {
  let running: RunningService<SettlementConfig>;
  let policyDir: string;
  const tokens: Record<string, string> = {};
  const runId = uniqueName('fund');

  beforeAll(async () => {
    policyDir = mkdtempSync(join(tmpdir(), 'settlement-funding-packs-'));
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
    running = await startService(
      settlementService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_settlement`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        POLICY_DIR: policyDir,
        LOG_LEVEL: 'silent',
      }),
    );
    const issue = (sub: string, role: string, region: string, jurisdiction: string) =>
      issueLocalToken({ sub, role: role as 'county_officer', region, jurisdiction });
    tokens.township = await issue('tw-1', 'township_caseworker', 'chizhou', '341702001');
    tokens.county = await issue('cty-1', 'county_officer', 'chizhou', '341702');
    tokens.cjTownship = await issue('cj-tw-1', 'township_caseworker', 'changji', '652301001');
    tokens.cjCounty = await issue('cj-cty-1', 'county_officer', 'changji', '652301');
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
    if (policyDir) rmSync(policyDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${running.port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const type = res.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      bytes,
      body: (type.includes('json') ? JSON.parse(bytes.toString('utf8')) : {}) as Json,
    };
  };
  const until = async (probe: () => Promise<boolean>, tries = 150) => {
    for (let i = 0; i < tries; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('timed out');
  };
  const path = (month: string, township: string, providerId: string) =>
    `/statements/${month}/${township}/${providerId}`;
  /** Publishes the visits and waits until the draft statement holds them all. */
  const deliver = async (
    providerId: string,
    visits: { id: string; at: string }[],
    over: Parameters<typeof deliveredV2>[0] = {},
    who = 'township',
  ) => {
    const township = over.township ?? VISIT.township;
    for (const v of visits)
      await running.ctx.bus.publish(
        topics.visits,
        deliveredV2(
          {
            itemCode: 'CZ-SH-01',
            units: 1,
            referralId: `ref-${providerId}`,
            ...over,
            providerId,
            visitId: v.id,
            deliveredAt: v.at,
          },
          `ev-${v.id}`,
        ),
      );
    const month = visits[0]!.at.slice(0, 7);
    await until(
      async () => (await call('GET', path(month, township, providerId), who)).body.lines?.length === visits.length,
    );
    return (await call('GET', path(month, township, providerId), who)).body;
  };
  const october = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${i + 1}`,
      at: `2026-10-${String(i + 2).padStart(2, '0')}T09:00:00+08:00`,
    }));

  it('the 1 % cap refuses a statement that would pass it, with cap, used, this statement and the excess to the fen; a smaller one is approved and booked', async () => {
    const big = await deliver('prov-big', october('big', 10));
    expect(big.payableFen).toBe(15_000); // 10 visits at the pack's ¥15.00
    expect((await call('POST', `${path('2026-10', VISIT.township, 'prov-big')}/confirm`, 'township')).status).toBe(201);
    const refused = await call('POST', `${path('2026-10', VISIT.township, 'prov-big')}/approve`, 'county');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('purchased_services_cap_exceeded');
    // ¥30 from temporary assistance; ¥120 would come from the capped work funds: ¥20 over the ¥100 cap.
    expect(refused.body.errors[0]).toMatchObject({
      capFen: 10_000,
      usedFen: 0,
      thisStatementFen: 12_000,
      overByFen: 2000,
    });
    expect(refused.body.errors[0].message).toBe(
      '本结算单将使政府购买社会救助服务资金超出上限：上限 ¥100.00（社会救助资金总额 ¥10,000.00 的 1%），本年度已使用 ¥0.00，本结算单 ¥120.00，超出 ¥20.00。',
    );
    expect((await call('GET', path('2026-10', VISIT.township, 'prov-big'), 'county')).body.state).toBe('confirmed');

    const small = await deliver('prov-small', october('small', 3));
    expect((await call('POST', `${path('2026-10', VISIT.township, 'prov-small')}/confirm`, 'township')).status).toBe(
      201,
    );
    const approved = await call('POST', `${path('2026-10', VISIT.township, 'prov-small')}/approve`, 'county');
    expect(approved.status).toBe(201);
    expect(approved.body.state).toBe('approved');
    const ledger = (await call('GET', '/ledger?year=2026', 'county')).body;
    const ofSmall = (ledger.entries as Json[]).filter((e) => e.providerId === 'prov-small');
    expect(ofSmall.map((e) => [e.visitId, e.sourceCode, e.fen])).toEqual([
      ['small-1', 'temporary_assistance', 1500],
      ['small-2', 'temporary_assistance', 1500],
      ['small-3', 'assistance_work_funds', 1500],
    ]);
    expect(ofSmall.reduce((sum, e) => sum + e.fen, 0)).toBe(small.payableFen);

    // The big one again: now what the small one used counts, and temporary assistance is spent.
    const again = await call('POST', `${path('2026-10', VISIT.township, 'prov-big')}/approve`, 'county');
    expect(again.body.errors[0]).toMatchObject({ usedFen: 1500, thisStatementFen: 15_000, overByFen: 6500 });

    const funding = (await call('GET', '/funding?year=2026', 'county')).body;
    expect(funding.cap).toEqual({ basisPoints: 100, capFen: 10_000, usedFen: 1500, remainingFen: 8500 });
    expect((funding.sources as Json[]).find((s) => s.code === 'temporary_assistance')).toMatchObject({
      budgetFen: 3000,
      allocatedFen: 3000,
      remainingFen: 0,
    });
    expect(funding.reconciliation.balanced).toBe(true);
  });

  it('an adjusting line after approval reverses what its visit was paid from, and the ledger still reconciles', async () => {
    const facts = {
      planId: 'plan-adj',
      ...VISIT,
      providerId: 'prov-adj',
      referralId: 'ref-prov-adj',
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
    await deliver('prov-adj', [
      { id: 'adj-1', at: '2026-10-05T09:00:00+08:00' },
      { id: 'adj-2', at: '2026-10-25T09:00:00+08:00' },
    ]);
    await call('POST', `${path('2026-10', VISIT.township, 'prov-adj')}/confirm`, 'township');
    expect((await call('POST', `${path('2026-10', VISIT.township, 'prov-adj')}/approve`, 'county')).status).toBe(201);
    // Learnt after approval: the plan stopped on October 20th, so adj-2 is taken back on November's statement.
    await running.ctx.bus.publish(
      topics.visits,
      buildEvent(PlanStopped, {
        source: '/test',
        key: VISIT.caseId,
        data: { ...facts, planVersion: 1, reason: '已退出低保', stoppedAt: '2026-10-20T10:00:00+08:00' },
      }),
    );
    const novPath = path('2026-11', VISIT.township, 'prov-adj');
    await until(async () => (await call('GET', novPath, 'township')).body.lines?.length === 1);
    expect((await call('GET', novPath, 'township')).body.lines[0]).toMatchObject({
      lineId: 'adj-2@2026-11',
      amountFen: -1500,
    });
    expect((await call('POST', `${novPath}/confirm`, 'township')).status).toBe(201);
    expect((await call('POST', `${novPath}/approve`, 'county')).status).toBe(201);

    const ledger = (await call('GET', '/ledger?year=2026', 'county')).body.entries as Json[];
    const reversal = ledger.filter((e) => e.kind === 'reversal');
    expect(reversal).toHaveLength(1);
    expect(reversal[0]).toMatchObject({ lineId: 'adj-2@2026-11', visitId: 'adj-2', fen: -1500, month: '2026-11' });
    expect(reversal[0]!.reverses).toBe(`2026-10:${VISIT.township}:prov-adj/adj-2/${reversal[0]!.sourceCode}`);

    // The ledger, read from the store, reconciles with the approved statements' lines, source by source.
    const approved = await new FundingRepository(running.ctx.connection).approvedOf('341702', 2026);
    const proof = reconcileLedger(
      approved.flatMap((s) => s.ledger ?? []),
      statementsToReconcile(approved),
    );
    expect(proof.balanced).toBe(true);
    expect(proof.allocatedFen).toBe(4500 + 3000 - 1500);
    expect((await call('GET', '/funding?year=2026', 'county')).body.reconciliation.balanced).toBe(true);

    // The export for finance: the same entries, formula cells neutralised.
    const csv = await call('GET', '/ledger?year=2026&format=csv', 'county');
    expect(csv.bytes.toString('utf8')).toContain("'-15.00");
    const xlsx = await call('GET', '/ledger?year=2026&format=xlsx', 'county');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as never);
    expect(book.getWorksheet('资金台账')!.rowCount).toBe(ledger.length + 1);
  });

  it('Changji: a 低保 family with consent draws its top-up first; Chizhou records no consent', async () => {
    const caseId = randomUUID();
    const caseNumber = `CJ652301-2026-${caseId.slice(0, 6)}`;
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/test/assessment',
        key: caseId,
        data: {
          caseId,
          caseNumber,
          region: 'changji',
          packVersion: 'test',
          person: { personId: `p_${caseId.replace(/-/g, '').slice(0, 16)}`, name: '阿依古丽' },
          address: { county: '652301', township: '652301001' },
          items: [{ itemCode: 'CJ-ZH-01', approved: true, reason: '符合条件' }],
          consent: { given: false, givenBy: 'applicant', recordedAt: new Date().toISOString() },
          decidedBy: 'clerk',
          decidedAt: new Date().toISOString(),
          circumstances: { age: 45, groups: ['dibao'], conditions: [] },
        },
      }),
    );
    const record = { caseNumber, township: '652301001', monthlyFen: 2000, from: '2026-10-01' };
    let recorded = await call('POST', '/top-up-consents', 'cjTownship', record);
    for (let i = 0; recorded.status === 422 && recorded.body.code === 'unknown_case' && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 200));
      recorded = await call('POST', '/top-up-consents', 'cjTownship', record);
    }
    expect(recorded.status).toBe(201);
    expect((await call('POST', '/top-up-consents', 'township', { ...record, township: '341702001' })).body.code).toBe(
      'no_dibao_top_up',
    );
    expect(
      (await call('POST', `/top-up-consents/${caseId}/withdraw`, 'cjTownship', { until: '2026-10-20' })).status,
    ).toBe(201);
    expect((await call('GET', '/top-up-consents', 'cjTownship')).body.items).toEqual([
      expect.objectContaining({
        caseId,
        monthlyFen: 2000,
        consent: expect.objectContaining({ from: '2026-10-01', until: '2026-10-20' }),
      }),
    ]);

    const over = { region: 'changji', township: '652301001', caseId, itemCode: 'CJ-ZH-01' };
    const s = await deliver(
      'prov-cj',
      [
        { id: 'cj-1', at: '2026-10-06T09:00:00+08:00' },
        { id: 'cj-2', at: '2026-10-07T09:00:00+08:00' },
        { id: 'cj-3', at: '2026-10-22T09:00:00+08:00' },
      ],
      over,
      'cjTownship',
    );
    const fee = s.lines[0].amountFen as number;
    // The family's ¥20 of October goes first to its first visit; the rest from the next sources in the pack's order.
    await call('POST', `${path('2026-10', '652301001', 'prov-cj')}/confirm`, 'cjTownship');
    expect((await call('POST', `${path('2026-10', '652301001', 'prov-cj')}/approve`, 'cjCounty')).status).toBe(201);
    const entries = (await call('GET', '/ledger?year=2026', 'cjCounty')).body.entries as Json[];
    const byVisit = (v: string) => entries.filter((e) => e.visitId === v).map((e) => [e.sourceCode, e.fen]);

    expect(fee).toBeGreaterThanOrEqual(2000);
    expect(byVisit('cj-1')[0]).toEqual(['dibao_top_up', 2000]);
    expect(byVisit('cj-2').map((e) => e[0])).not.toContain('dibao_top_up');
    // After the withdrawal (October 20th) nothing is drawn from the family.
    expect(byVisit('cj-3').map((e) => e[0])).not.toContain('dibao_top_up');
    expect(entries.filter((e) => e.familyMonth === '2026-10').reduce((sum, e) => sum + e.fen, 0)).toBe(2000);
    expect(entries.reduce((sum, e) => sum + e.fen, 0)).toBe(3 * fee);
  });
});
