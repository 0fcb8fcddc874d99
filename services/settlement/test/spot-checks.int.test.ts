/**
 * Spot checks, the supervision report and the neighbour subsidy on the real servers: settlement runs in-process on
 * Kafka, FerretDB and Redis; the test publishes verified visits of several townships, providers and items (and a
 * disputed and an unverified one, which are no verified service), and neighbour visits as provider-scheduling
 * does, and works through the county’s routes over HTTP: drawing, checking, releasing a hold, the report.
 *
 * The share rule is per stratum, rounded up: a stratum of n services gives ceil(30 % × n) sampled (10 → 3, 4 → 2,
 * 7 → 3, 1 → 1), so the whole sample is at least 30 % too.
 */
import { buildEvent, ContractRegistered, NeighbourVisitRecorded, topics, type EventOf } from '@carelink/contracts';
import { issueLocalToken, startService, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import ExcelJS from 'exceljs';
import { createConfig, type SettlementConfig } from '../src/config';
import { settlementService } from '../src/service';
import { deliveredV2 } from './visit-fixture';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

const A = '341702001';
const B = '341702002';
const COUNTY = '341702';

/** The verified visits, by stratum (township × provider × item), with the month each stratum's visits are in. */
const STRATA = [
  { township: A, providerId: 'sc-p1', itemCode: 'CZ-SH-01', n: 10, month: '09' },
  { township: A, providerId: 'sc-p1', itemCode: 'CZ-JK-02', n: 4, month: '10' },
  { township: B, providerId: 'sc-p2', itemCode: 'CZ-SH-01', n: 7, month: '10' },
  { township: B, providerId: 'sc-p1', itemCode: 'CZ-SH-01', n: 1, month: '10' },
] as const;

describe('spot checks, the supervision report and the neighbour subsidy on the real servers', () => {
  let running: RunningService<SettlementConfig>;
  const tokens: Record<string, string> = {};
  const runId = uniqueName('spc');
  const visitsOf = new Map<string, string[]>(); // stratum key → visit ids

  beforeAll(async () => {
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
        LOG_LEVEL: 'silent',
      }),
    );
    const issue = (sub: string, role: string, jurisdiction: string) =>
      issueLocalToken({ sub, role: role as 'county_officer', region: 'chizhou', jurisdiction });
    tokens.townshipA = await issue('tw-a', 'township_caseworker', A);
    tokens.townshipB = await issue('tw-b', 'township_caseworker', B);
    tokens.county = await issue('cty-1', 'county_officer', COUNTY);
    tokens.otherCounty = await issue('cty-2', 'county_officer', '341721');

    let k = 0;
    const publishing: Promise<unknown>[] = [];
    for (const s of STRATA) {
      const ids: string[] = [];
      for (let i = 0; i < s.n; i++) {
        k++;
        const visitId = `sc-${s.township}-${s.providerId}-${s.itemCode}-${i}`;
        ids.push(visitId);
        const day = String(1 + (k % 27)).padStart(2, '0');
        const hour = String(8 + (k % 10)).padStart(2, '0');
        publishing.push(
          running.ctx.bus.publish(
            topics.visits,
            deliveredV2(
              {
                visitId,
                township: s.township,
                providerId: s.providerId,
                itemCode: s.itemCode,
                referralId: `ref-${s.providerId}`,
                caseId: `0192f3a4-5b6c-7d8e-9f00-${String(k).padStart(12, '0')}`,
                deliveredAt: `2026-${s.month}-${day}T${hour}:00:00+08:00`,
                units: 1,
              },
              `ev-${visitId}`,
            ),
          ),
        );
      }
      visitsOf.set(`${s.township}|${s.providerId}|${s.itemCode}`, ids);
    }
    // Not verified services: never in the population.
    for (const [visitId, verification] of [
      ['sc-disputed', 'disputed'],
      ['sc-unverified', 'unverified'],
    ] as const)
      publishing.push(
        running.ctx.bus.publish(
          topics.visits,
          deliveredV2(
            {
              visitId,
              township: A,
              providerId: 'sc-p1',
              itemCode: 'CZ-SH-01',
              deliveredAt: '2026-09-28T09:00:00+08:00',
              units: 1,
              verification,
              verificationReason: verification === 'disputed' ? 'resident_disputed' : 'no_confirmation_in_time',
            },
            `ev-${visitId}`,
          ),
        ),
      );
    await Promise.all(publishing);
    await until(async () => {
      const ids = [...[...visitsOf.values()].flat(), 'sc-disputed', 'sc-unverified'];
      const found = await Promise.all(ids.map(async (id) => (await call('GET', `/accruals/${id}`, 'county')).status));
      return found.every((s) => s === 200);
    });
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const call = async (method: string, path: string, who?: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${running.port}${path}`, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const type = res.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      type,
      bytes,
      body: (type.includes('json') ? JSON.parse(bytes.toString('utf8')) : {}) as Json,
    };
  };
  /** Polls every 200 ms until the probe holds. */
  const until = async (probe: () => Promise<boolean>, tries = 150) => {
    for (let i = 0; i < tries; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('timed out');
  };
  const draw = (seed: string) => call('POST', '/spot-checks/samples', 'county', { county: COUNTY, year: 2026, seed });
  const samples: Json[] = [];

  it('the sample for a seed is the same on every draw and covers at least 30 % of every stratum', async () => {
    const first = await draw('S-2026-县民政局');
    const second = await draw('S-2026-县民政局');
    expect([first.status, second.status]).toEqual([201, 201]);
    samples.push(first.body, second.body);
    expect(first.body.sampleId).not.toBe(second.body.sampleId); // a redraw is a new, immutable sample
    expect(first.body.services).toBe(22); // the disputed and the unverified visit are not verified services
    expect(second.body.byStratum).toEqual(first.body.byStratum);
    expect(second.body.visits).toEqual(first.body.visits);

    const strata = first.body.byStratum as Json[];
    expect(strata).toHaveLength(STRATA.length);
    for (const s of STRATA) {
      const got = strata.find(
        (x) =>
          x.stratum.township === s.township && x.stratum.provider === s.providerId && x.stratum.item === s.itemCode,
      )!;
      expect(got.total).toBe(s.n);
      expect(got.sampled.length).toBe(Math.ceil(0.3 * s.n));
      expect(got.sampled.length * 10).toBeGreaterThanOrEqual(3 * s.n);
      const ids = visitsOf.get(`${s.township}|${s.providerId}|${s.itemCode}`)!;
      for (const id of got.sampled) expect(ids).toContain(id);
    }
    expect(first.body.sampled).toBe(3 + 2 + 3 + 1);

    const other = await draw('another seed');
    expect(other.body.seed).toBe('another seed');
    const noSeed = await call('POST', '/spot-checks/samples', 'county', { county: COUNTY, year: 2026 });
    expect(noSeed.body.seed).toEqual(expect.any(String)); // a seed of its own, stored with the sample

    const listed = await call('GET', `/spot-checks/samples?county=${COUNTY}&year=2026`, 'county');
    expect(listed.body.samples).toHaveLength(4);
    const audit = await call('GET', '/audit-trail?subjectType=spot_check_sample', 'county');
    expect((audit.body.items as Json[]).filter((e) => e.action === 'create')).toHaveLength(4);

    expect((await call('POST', '/spot-checks/samples', 'otherCounty', { county: COUNTY, year: 2026 })).status).toBe(
      403,
    );
    expect((await call('POST', '/spot-checks/samples', 'townshipA', { county: COUNTY, year: 2026 })).status).toBe(403);
    const empty = await call('POST', '/spot-checks/samples', 'county', { county: COUNTY, year: 2025, seed: 'x' });
    expect([empty.status, empty.body.code]).toEqual([409, 'no_services']);
  });

  it('a "not delivered" finding holds an unpaid line and reverses a paid one', async () => {
    // A sample of the seed; once it has checks it is the one the report is of.
    const sample = samples[1]!;
    const sampleId = sample.sampleId as string;
    const inStratum = (township: string, providerId: string, itemCode: string) =>
      (sample.byStratum as Json[]).find(
        (x) => x.stratum.township === township && x.stratum.provider === providerId && x.stratum.item === itemCode,
      )!.sampled as string[];
    const paidVisit = inStratum(A, 'sc-p1', 'CZ-SH-01')[0]!; // September, confirmed below
    const draftVisit = inStratum(B, 'sc-p2', 'CZ-SH-01')[0]!; // October, a draft
    const fineVisit = inStratum(A, 'sc-p1', 'CZ-JK-02')[0]!;

    const confirmed = await call('POST', `/statements/2026-09/${A}/sc-p1/confirm`, 'townshipA');
    expect(confirmed.status).toBe(201);
    const paidBefore = confirmed.body.payableFen as number;

    const check = (visitId: string, outcome: string, note = '') =>
      call('POST', `/spot-checks/samples/${sampleId}/checks`, 'county', {
        visitId,
        method: 'home_visit',
        outcome,
        note,
      });

    const noNote = await check(paidVisit, 'not_delivered');
    expect([noNote.status, noNote.body.code]).toEqual([400, 'invalid_spot_check']);

    const reversed = await check(paidVisit, 'not_delivered', '入户回访：服务对象称当天无人上门');
    expect(reversed.status).toBe(201);
    expect(reversed.body.findings).toEqual([
      expect.objectContaining({
        kind: 'not_delivered',
        action: 'reverse',
        lines: [{ statementId: `2026-09:${A}:sc-p1`, lineId: paidVisit }],
      }),
    ]);
    const held = await check(draftVisit, 'not_delivered', '电话回访：服务对象否认');
    expect(held.body.findings[0].action).toBe('hold');
    expect((await check(fineVisit, 'confirmed')).status).toBe(201);
    expect((await check(fineVisit, 'confirmed')).body.code).toBe('already_checked');
    const outside = await check('sc-disputed', 'confirmed');
    expect([outside.status, outside.body.code]).toEqual([400, 'not_in_sample']);

    // The paid (confirmed) line stays as it was; October's open statement takes the amount back.
    const september = (await call('GET', `/statements/2026-09/${A}/sc-p1`, 'townshipA')).body;
    expect(september.payableFen).toBe(paidBefore);
    const october = (await call('GET', `/statements/2026-10/${A}/sc-p1`, 'townshipA')).body;
    expect((october.lines as Json[]).find((l) => l.lineId === `${paidVisit}@2026-10`)).toMatchObject({
      kind: 'adjustment',
      amountFen: -1500,
      adjusts: { month: '2026-09', lineId: paidVisit },
      reason: { code: 'reversed' },
    });
    // The draft's line is held, with the check named.
    const octoberB = (await call('GET', `/statements/2026-10/${B}/sc-p2`, 'townshipB')).body;
    expect((octoberB.lines as Json[]).find((l) => l.lineId === draftVisit)).toMatchObject({
      status: 'held',
      reason: { code: 'spot_check_hold' },
    });
    expect(octoberB.heldFen).toBe(1500);

    const view = (await call('GET', `/spot-checks/samples/${sampleId}`, 'county')).body;
    expect(view.checked).toBe(3);
    const row = (view.visits as Json[]).find((v) => v.serviceId === paidVisit)!;
    expect(row.caseRef).toMatch(/^\*{4}\d{4}$/);
    expect(row.caseId).toBeUndefined();
    expect(row.check.findings[0].action).toBe('reverse');
    expect((await call('GET', `/spot-checks/samples/${sampleId}`, 'otherCounty')).status).toBe(403);

    const report = (await call('GET', `/supervision-report?county=${COUNTY}&year=2026`, 'county')).body;
    expect(report).toMatchObject({
      sampleId,
      services: 22,
      checked: 3,
      requiredShareBasisPoints: 3000,
      meetsShare: false,
      sampleOutstanding: 6,
      heldFen: 1500,
      reversedFen: 1500,
      linesHeld: 1,
      linesReversed: 1,
    });
    expect(report.findingsByKind.not_delivered).toBe(2);
    expect((report.byProvider as Json[]).find((p) => p.providerId === 'sc-p2')).toMatchObject({
      services: 7,
      checked: 1,
      findings: { not_delivered: 1 },
      heldFen: 1500,
    });
    const xlsx = await call('GET', `/supervision-report?county=${COUNTY}&year=2026&format=xlsx`, 'county');
    expect(xlsx.type).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '发现问题', '分层抽查', '服务机构']);

    // Published: counts and providers only, to anyone; no visit, case or check id anywhere.
    const published = await call('GET', `/public/supervision-results?county=${COUNTY}&year=2026`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ services: 22, checked: 3 });
    const text = published.bytes.toString('utf8');
    for (const id of [paidVisit, draftVisit, fineVisit, sampleId, '0192f3a4']) expect(text).not.toContain(id);
    const printable = await call('GET', `/public/supervision-results?county=${COUNTY}&year=2026&format=xlsx`);
    expect(printable.type).toContain('spreadsheetml');
  });

  it('releasing a hold pays the line again (on its draft, or by an adjusting line once confirmed); what holds nothing is refused', async () => {
    const sample = samples[1]!;
    const sampleId = sample.sampleId as string;
    const inStratum = (township: string, providerId: string, itemCode: string) =>
      (sample.byStratum as Json[]).find(
        (x) => x.stratum.township === township && x.stratum.provider === providerId && x.stratum.item === itemCode,
      )!.sampled as string[];
    const paidVisit = inStratum(A, 'sc-p1', 'CZ-SH-01')[0]!; // reversed above
    const draftVisit = inStratum(B, 'sc-p2', 'CZ-SH-01')[0]!; // held above, October a draft
    const fineVisit = inStratum(A, 'sc-p1', 'CZ-JK-02')[0]!; // confirmed above
    const laterVisit = inStratum(A, 'sc-p1', 'CZ-JK-02')[1]!; // October, held below, then confirmed
    const release = (visitId: string, reason?: string, who = 'county') =>
      call('POST', `/spot-checks/${encodeURIComponent(`${sampleId}:${visitId}`)}/release`, who, {
        ...(reason !== undefined ? { reason } : {}),
      });

    expect((await release(draftVisit)).status).toBe(400);
    expect((await release(draftVisit, '   ')).status).toBe(400);
    expect((await release(draftVisit, '复查', 'townshipB')).status).toBe(403);
    expect((await release(draftVisit, '复查', 'otherCounty')).status).toBe(403);
    const released = await release(draftVisit, '复查：服务对象确认当天已上门服务');
    expect(released.status).toBe(201);
    expect(released.body.release).toMatchObject({
      reason: '复查：服务对象确认当天已上门服务',
      releasedBy: 'cty-1',
      statementState: 'draft',
    });
    // The draft pays the line again when next computed.
    const octoberB = (await call('GET', `/statements/2026-10/${B}/sc-p2`, 'townshipB')).body;
    expect((octoberB.lines as Json[]).find((l) => l.lineId === draftVisit)).toMatchObject({ status: 'payable' });
    expect(octoberB.heldFen).toBe(0);

    const again = await release(draftVisit, '再次');
    expect([again.status, again.body.code]).toEqual([409, 'already_released']);
    const reversed = await release(paidVisit, '复查');
    expect([reversed.status, reversed.body.code]).toEqual([409, 'line_reversed']);
    const fine = await release(fineVisit, '复查');
    expect([fine.status, fine.body.code]).toEqual([409, 'not_held']);
    expect((await release('no-such-visit', '复查')).status).toBe(404);

    // A hold confirmed into its statement is paid back by an adjusting line of the next open month.
    const held = await call('POST', `/spot-checks/samples/${sampleId}/checks`, 'county', {
      visitId: laterVisit,
      method: 'phone_call',
      outcome: 'partially',
      note: '电话回访：服务时长不足',
    });
    expect(held.body.findings[0].action).toBe('hold');
    const october = await call('POST', `/statements/2026-10/${A}/sc-p1/confirm`, 'townshipA');
    const heldLine = (october.body.lines as Json[]).find((l) => l.lineId === laterVisit)!;
    expect(heldLine).toMatchObject({ status: 'held', amountFen: 6000 }); // CZ-JK-02's fee
    const afterConfirm = await release(laterVisit, '服务机构提供服务记录与服务对象签字');
    expect(afterConfirm.body.release.statementState).toBe('confirmed');
    const november = (await call('GET', `/statements/2026-11/${A}/sc-p1`, 'townshipA')).body;
    expect((november.lines as Json[]).find((l) => l.lineId === `${laterVisit}@2026-11`)).toMatchObject({
      kind: 'adjustment',
      amountFen: heldLine.amountFen,
      status: 'payable',
      adjusts: { month: '2026-10', lineId: laterVisit },
      reason: { code: 'released' },
    });

    const audit = await call('GET', '/audit-trail?subjectType=spot_check', 'county');
    expect((audit.body.items as Json[]).filter((e) => e.action === 'update').map((e) => e.subjectId)).toEqual(
      expect.arrayContaining([`${sampleId}:${draftVisit}`, `${sampleId}:${laterVisit}`]),
    );
    const report = (await call('GET', `/supervision-report?county=${COUNTY}&year=2026`, 'county')).body;
    expect(report).toMatchObject({
      heldFen: 0,
      releasedFen: 1500 + 6000,
      linesHeld: 0,
      linesReleased: 2,
      reversedFen: 1500,
    });
  });

  it('the published results name providers by their contracts (contract.registered.v1)', async () => {
    await running.ctx.bus.publish(
      topics.contracts,
      buildEvent(ContractRegistered, {
        source: '/carelink/referral',
        key: 'sc-p2',
        data: {
          contractId: 'ct-sc-p2',
          region: 'chizhou',
          providerId: 'sc-p2',
          providerName: '池州市颐康社工服务中心',
          itemCodes: ['CZ-SH-01'],
          townships: [B],
          monthlyCapacity: 100,
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
          registeredAt: '2026-01-01T08:00:00+08:00',
        },
      }),
    );
    const published = () => call('GET', `/public/supervision-results?county=${COUNTY}&year=2026`);
    await until(async () =>
      ((await published()).body.providers as Json[]).some((p) => p.provider === '池州市颐康社工服务中心'),
    );
    const providers = ((await published()).body.providers as Json[]).map((p) => p.provider);
    expect(providers).toEqual(['sc-p1', '池州市颐康社工服务中心']); // sc-p1: no contract known, by its id
    const report = (await call('GET', `/supervision-report?county=${COUNTY}&year=2026`, 'county')).body;
    expect((report.byProvider as Json[]).find((p) => p.providerId === 'sc-p2')!.providerName).toBe(
      '池州市颐康社工服务中心',
    );
  });

  it('neighbour-visit.recorded.v1 events (one delivered twice) give each neighbour the right yearly subsidy', async () => {
    const recorded = (neighbourId: string, visitId: string, date: string, id = `ev-${visitId}`) =>
      ({
        ...buildEvent(NeighbourVisitRecorded, {
          source: '/carelink/provider-scheduling',
          key: neighbourId,
          data: {
            neighbourId,
            region: 'chizhou',
            township: A,
            village: `${A}201`,
            visitId,
            date,
            itemCode: 'CZ-LL-01',
            recordedAt: `${date}T18:00:00+08:00`,
          },
        }),
        id,
      }) as EventOf<typeof NeighbourVisitRecorded>;
    const events = [
      recorded('nb-1', 'nv-1', '2026-03-01'),
      recorded('nb-1', 'nv-2', '2026-04-01'),
      recorded('nb-1', 'nv-3', '2026-05-01'),
      recorded('nb-1', 'nv-3', '2026-05-01'), // the same event delivered again
      recorded('nb-1', 'nv-3', '2026-05-01', 'ev-nv-3-again'), // the same visit recorded again
      recorded('nb-1', 'nv-old', '2025-12-31'), // last year
      ...Array.from({ length: 125 }, (_, i) =>
        recorded('nb-2', `nv-2-${i}`, `2026-${String(1 + (i % 12)).padStart(2, '0')}-10`),
      ),
    ];
    for (const e of events) await running.ctx.bus.publish(topics.neighbourHelp, e);
    const subsidies = () => call('GET', `/neighbour-subsidies?township=${A}&year=2026`, 'townshipA');
    await until(async () => (await subsidies()).body.visits === 128, 300);
    const answer = (await subsidies()).body;
    expect(answer.subsidies).toEqual([
      expect.objectContaining({
        neighbourId: 'nb-1',
        year: 2026,
        visits: 3,
        earnedFen: 6000,
        subsidyFen: 6000,
        capped: false,
      }),
      expect.objectContaining({
        neighbourId: 'nb-2',
        visits: 125,
        earnedFen: 250000,
        subsidyFen: 240000,
        capped: true,
      }),
    ]);
    expect(answer.totalFen).toBe(246000);
    expect((await call('GET', `/neighbour-subsidies?county=${COUNTY}&year=2026`, 'county')).body.totalFen).toBe(246000);
    expect((await call('GET', `/neighbour-subsidies?township=${A}&year=2026`, 'townshipB')).status).toBe(403);
    const csv = await call('GET', `/neighbour-subsidies?township=${A}&year=2026&format=csv`, 'townshipA');
    expect(csv.type).toContain('text/csv');
    expect(csv.bytes.toString('utf8')).toContain('nb-2,341702001,2026,125,2500.00,2400.00,是');
  });
});
