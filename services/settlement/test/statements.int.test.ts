/**
 * Statements on the real servers: settlement runs in-process on Kafka, FerretDB and Redis; the test publishes
 * visits, plans, stops and complaints on the run's topics as provider-scheduling, referral and complaints do,
 * and reads the statements over HTTP. The packs are the repository's, with one DEMO fee change on October 15th.
 */
import {
  buildEvent,
  ComplaintReceived,
  ComplaintTransitioned,
  PlanApproved,
  PlanStopped,
  topics,
  VisitDelivered,
  VisitDeliveredV2,
  type EventOf,
} from '@carelink/contracts';
import { issueLocalToken, startService, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import ExcelJS from 'exceljs';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConfig, type SettlementConfig } from '../src/config';
import { settlementService } from '../src/service';
import { deliveredV2, VISIT } from './visit-fixture';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

describe('statements on the real servers', () => {
  let running: RunningService<SettlementConfig>;
  let policyDir: string;
  const tokens: Record<string, string> = {};
  const runId = uniqueName('stm');

  beforeAll(async () => {
    policyDir = mkdtempSync(join(tmpdir(), 'settlement-packs-'));
    cpSync(resolve(__dirname, '../../../policy'), policyDir, { recursive: true });
    const chizhou = join(policyDir, 'chizhou.yaml');
    writeFileSync(
      chizhou,
      readFileSync(chizhou, 'utf8').replace(
        '\nfeeStandards:\n',
        "\nfeeStandards:\n  - { item: CZ-SH-01, unit: visit, feeFen: 1800, effectiveFrom: '2026-10-15', source: 'local: test fee change' }\n",
      ),
    );
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
    const issue = (sub: string, role: string, jurisdiction: string, providerId?: string) =>
      issueLocalToken({
        sub,
        role: role as 'county_officer',
        region: 'chizhou',
        jurisdiction,
        ...(providerId ? { providerId } : {}),
      });
    tokens.township = await issue('tw-1', 'township_caseworker', '341702001');
    tokens.county = await issue('cty-1', 'county_officer', '341702');
    tokens.provider = await issue('ps-1', 'provider_staff', '341702', 'prov-fix');
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
    const type = res.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      type,
      bytes,
      body: (type.includes('json') ? JSON.parse(bytes.toString('utf8')) : {}) as Json,
    };
  };
  const statementPath = (month: string, providerId: string) => `/statements/${month}/${VISIT.township}/${providerId}`;
  const statement = async (month: string, providerId: string) =>
    (await call('GET', statementPath(month, providerId), 'township')).body;
  /** Polls every 200 ms until the probe holds. */
  const until = async (probe: () => Promise<boolean>, tries = 150) => {
    for (let i = 0; i < tries; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('timed out');
  };
  const publishVisit = (event: EventOf<typeof VisitDeliveredV2> | EventOf<typeof VisitDelivered>) =>
    running.ctx.bus.publish(topics.visits, event as never);
  const visit = (
    providerId: string,
    visitId: string,
    deliveredAt: string,
    over: Parameters<typeof deliveredV2>[0] = {},
  ) =>
    deliveredV2(
      { providerId, visitId, deliveredAt, itemCode: 'CZ-SH-01', units: 1, referralId: `ref-${providerId}`, ...over },
      `ev-${visitId}`,
    );
  const lineIds = (s: Json, list = 'lines') => (s[list] as Json[]).map((l) => l.lineId);

  it('a stop mid-month removes the later visits from the statement, with the reason', async () => {
    const facts = {
      planId: 'plan-stop',
      ...VISIT,
      providerId: 'prov-stop',
      referralId: 'ref-prov-stop',
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
          startDate: '2026-09-02',
          endDate: '2027-08-31',
          durationMinutes: 60,
          tasks: ['送餐'],
          workerId: 'w-1',
          approvedBy: 'tw-1',
        },
      }),
    );
    for (const [id, at] of [
      ['s-01', '2026-09-01T09:00:00+08:00'],
      ['s-05', '2026-09-05T09:00:00+08:00'],
      ['s-10', '2026-09-10T09:00:00+08:00'],
      ['s-20', '2026-09-20T09:00:00+08:00'],
    ] as const)
      await publishVisit(visit('prov-stop', id, at));
    await running.ctx.bus.publish(
      topics.visits,
      buildEvent(PlanStopped, {
        source: '/test',
        key: VISIT.caseId,
        data: { ...facts, planVersion: 1, reason: '已退出特困供养', stoppedAt: '2026-09-15T10:00:00+08:00' },
      }),
    );
    await until(async () => (await statement('2026-09', 'prov-stop')).excluded?.length === 2);
    const s = await statement('2026-09', 'prov-stop');
    expect(lineIds(s)).toEqual(['s-05', 's-10']);
    expect(s.payableFen).toBe(3000);
    expect((s.excluded as Json[]).map((l) => [l.visitId, l.reason.code])).toEqual([
      ['s-01', 'before_plan_start'],
      ['s-20', 'after_service_stopped'],
    ]);
    expect(s.excluded[1].reason.zh).toBe(
      '服务已于 2026-09-15 10:00 停止（服务方案终止：已退出特困供养），此后的服务不予结算',
    );
  });

  it('a fee change on the 15th prices the visits on each side by the standard in force on their date', async () => {
    await publishVisit(visit('prov-fee', 'f-14', '2026-10-14T23:30:00+08:00', { units: 2 }));
    await publishVisit(visit('prov-fee', 'f-15', '2026-10-15T08:00:00+08:00', { units: 2 }));
    await until(async () => (await statement('2026-10', 'prov-fee')).lines?.length === 2);
    const s = await statement('2026-10', 'prov-fee');
    expect((s.lines as Json[]).map((l) => [l.visitId, l.serviceDate, l.quantity, l.unitFeeFen, l.amountFen])).toEqual([
      ['f-14', '2026-10-14', 2, 1500, 3000],
      ['f-15', '2026-10-15', 2, 1800, 3600],
    ]);
    expect(s.payableFen).toBe(6600);
  });

  it('confirmed, approved and paid with who and when; a correction after confirmation is a new line of the next month', async () => {
    await publishVisit(visit('prov-fix', 'x-03', '2026-09-03T09:00:00+08:00'));
    await until(async () => (await statement('2026-09', 'prov-fix')).lines?.length === 1);
    expect((await call('POST', `${statementPath('2026-09', 'prov-fix')}/approve`, 'county')).body.code).toBe(
      'statement_state',
    );
    expect((await call('POST', `${statementPath('2026-09', 'prov-fix')}/confirm`, 'county')).status).toBe(403);
    const confirmed = await call('POST', `${statementPath('2026-09', 'prov-fix')}/confirm`, 'township');
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({
      state: 'confirmed',
      basis: 'frozen',
      payableFen: 1500,
      history: [{ state: 'confirmed', by: 'tw-1' }],
    });
    expect((await call('POST', `${statementPath('2026-09', 'prov-fix')}/confirm`, 'township')).body.code).toBe(
      'statement_state',
    );

    // A visit of September recorded late: September stays as confirmed, October adjusts.
    await publishVisit(visit('prov-fix', 'x-25', '2026-09-25T09:00:00+08:00'));
    await until(async () => (await statement('2026-10', 'prov-fix')).lines?.length === 1);
    const october = await statement('2026-10', 'prov-fix');
    expect(october.lines[0]).toMatchObject({
      lineId: 'x-25@2026-10',
      kind: 'adjustment',
      amountFen: 1500,
      adjusts: { month: '2026-09', lineId: 'x-25' },
      reason: { code: 'late_visit' },
    });
    expect(lineIds(await statement('2026-09', 'prov-fix'))).toEqual(['x-03']);

    const approved = await call('POST', `${statementPath('2026-09', 'prov-fix')}/approve`, 'county');
    expect(approved.body.history.map((h: Json) => [h.state, h.by])).toEqual([
      ['confirmed', 'tw-1'],
      ['approved', 'cty-1'],
    ]);
    const paid = await call('POST', `${statementPath('2026-09', 'prov-fix')}/paid`, 'county');
    expect(paid.body.state).toBe('paid');

    // The township's month for finance, as CSV and XLSX; the provider sees its own statement only.
    const csv = await call(
      'GET',
      `/statements/of-month?month=2026-09&township=${VISIT.township}&format=csv`,
      'township',
    );
    expect(csv.type).toContain('text/csv');
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF结算单编号')).toBe(true);
    expect(text).toContain('服务方案终止：已退出特困供养');
    const xlsx = await call('GET', `${statementPath('2026-09', 'prov-fix')}?format=xlsx`, 'county');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as never);
    expect(book.getWorksheet('汇总')!.getRow(2).getCell(5).value).toBe('已支付');
    expect(book.getWorksheet('明细')!.getRow(2).getCell(8).value).toBe('x-03');
    expect((await call('GET', statementPath('2026-09', 'prov-fix'), 'provider')).body.state).toBe('paid');
    expect((await call('GET', statementPath('2026-09', 'prov-stop'), 'provider')).body.code).toBe('other_provider');
  });

  it('an upheld complaint about a visit holds its line; closed upheld, the visit is excluded', async () => {
    await publishVisit(visit('prov-cpl', 'c-1', '2026-10-02T09:00:00+08:00'));
    await publishVisit(visit('prov-cpl', 'c-2', '2026-10-03T09:00:00+08:00'));
    const complaint = { complaintId: `cpl-${runId}`, complaintNumber: 'TS-20261005-0001' };
    await running.ctx.bus.publish(
      topics.complaints,
      buildEvent(ComplaintReceived, {
        source: '/test',
        key: complaint.complaintId,
        data: {
          ...complaint,
          region: 'chizhou',
          kind: 'complaint',
          about: { providerId: 'prov-cpl', visitId: 'c-1' },
          type: 'service_quality',
          channel: 'hotline',
          summary: '服务人员未按时上门',
          anonymous: false,
          receivedAt: '2026-10-05T09:00:00+08:00',
        },
      }),
    );
    const transition = (to: 'resolved' | 'closed', outcome?: { upheld: boolean; summary: string }) =>
      running.ctx.bus.publish(
        topics.complaints,
        buildEvent(ComplaintTransitioned, {
          source: '/test',
          key: complaint.complaintId,
          data: {
            ...complaint,
            region: 'chizhou',
            from: to === 'resolved' ? 'investigating' : 'resolved',
            to,
            actor: 'cty-1',
            reason: '核实',
            ...(outcome ? { outcome } : {}),
            at: new Date().toISOString(),
          },
        }),
      );
    await transition('resolved', { upheld: true, summary: '投诉属实' });
    await until(async () => (await statement('2026-10', 'prov-cpl')).heldFen === 1500);
    const held = await statement('2026-10', 'prov-cpl');
    expect((held.lines as Json[]).map((l) => [l.visitId, l.status])).toEqual([
      ['c-1', 'held'],
      ['c-2', 'payable'],
    ]);
    expect(held.payableFen).toBe(1500);
    await transition('closed');
    await until(async () => (await statement('2026-10', 'prov-cpl')).excluded?.length === 1);
    expect((await statement('2026-10', 'prov-cpl')).excluded[0].reason.code).toBe('complaint_upheld');
  });

  it('redelivered visit events (the same event, another event of the same visit, its v1 history) do not double a line', async () => {
    const first = visit('prov-dup', 'd-1', '2026-10-06T09:00:00+08:00');
    await publishVisit(first);
    await publishVisit(first);
    await publishVisit({ ...first, id: 'ev-d-1-again' });
    const { verification: _v, verificationReason: _r, tasksDone: _t, farFromHome: _f, ...v1data } = first.data;
    await publishVisit({ ...first, id: 'ev-d-1-v1', type: 'visit.delivered.v1', data: v1data } as EventOf<
      typeof VisitDelivered
    >);
    await publishVisit(visit('prov-dup', 'd-2', '2026-10-07T09:00:00+08:00'));
    await until(async () => (await statement('2026-10', 'prov-dup')).lines?.length === 2);
    await new Promise((r) => setTimeout(r, 1000));
    const s = await statement('2026-10', 'prov-dup');
    expect(lineIds(s)).toEqual(['d-1', 'd-2']);
    expect(s.payableFen).toBe(3000);
    expect((await call('GET', '/accruals/d-1', 'township')).body).toMatchObject({
      verification: 'verified',
      deliveryVersion: 2,
    });
    const listed = await call('GET', `/statements/of-month?month=2026-10&township=${VISIT.township}`, 'township');
    expect((listed.body.statements as Json[]).map((x) => x.providerId)).toEqual(
      expect.arrayContaining(['prov-cpl', 'prov-dup', 'prov-fee', 'prov-fix']),
    );
  });
});
