/**
 * The investigation time limits on the real servers: the assessment service runs in-process on Kafka,
 * FerretDB and Redis; the delayed BullMQ jobs are promoted (not waited for five working days).
 */
import { issueStaffToken } from '@carelink/auth';
import { buildEvent, RequestRegistered, topics } from '@carelink/contracts';
import { startService, type RunningService } from '@carelink/service-host';
import { databaseUrl, testServers, uniqueName } from '@carelink/test-servers';
import { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { createConfig, type AssessmentConfig } from '../src/config';
import { assessmentService } from '../src/service';

describe('home investigation reminders and overdue escalation (BullMQ on real Redis)', () => {
  let running: RunningService<AssessmentConfig>;
  let queue: Queue;
  let token: string;
  const runId = uniqueName('inv');

  beforeAll(async () => {
    const servers = await testServers();
    const config = createConfig({
      PORT: '0',
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_assessment`),
      KAFKA_BROKERS: servers.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      LOG_LEVEL: 'silent',
    });
    running = await startService(assessmentService, config);
    queue = new Queue('assessment', { connection: { url: servers.redisUrl }, prefix: runId });
    token = await issueStaffToken(
      { sub: 'clerk-9', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      config.JWT_SECRET,
    );
  });

  afterAll(async () => {
    await queue?.close();
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's answer, checked field by field
  const getCase = async (caseId: string): Promise<any> =>
    (await fetch(url(`/cases/${caseId}`), { headers: { authorization: `Bearer ${token}` } })).json();
  /** Polls every 100 ms, `tries` times at most. */
  const until = async <T>(probe: () => Promise<T | undefined>, tries = 150) => {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('timed out');
  };

  it('reminds the team, then escalates to the county once; recording cancels both', async () => {
    const caseId = randomUUID();
    const registered = buildEvent(RequestRegistered, {
      source: '/test',
      key: caseId,
      data: {
        caseId,
        caseNumber: 'CZ341702-2026-900001',
        region: 'chizhou',
        channel: 'proactive',
        applicant: {
          personId: 'p_0123456789abcdef',
          name: '测试',
          idNumberMasked: '341702********001X',
          birthDate: '1950-01-01',
          sex: 'male',
        },
        address: { county: '341702', township: '341702001' },
        declaredGroups: ['tekun'],
        items: [{ itemCode: 'CZ-QJ-01' }],
        registeredAt: new Date().toISOString(),
        registeredBy: 'coordinator',
        consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T08:00:00.000Z' },
      },
    });
    await running.ctx.bus.publish(topics.intakeRequests, registered);
    await until(async () => ((await getCase(caseId)).status === 'open' ? true : undefined));

    const assigned = await fetch(url(`/cases/${caseId}/investigation-team`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        team: [
          { staffId: 'clerk-9', name: '王', office: '341702001' },
          { staffId: 'c-2', name: '李', office: '341702001201' },
        ],
      }),
    });
    expect(assigned.status).toBe(201);
    const reminder = await queue.getJob(`investigation-reminder_${caseId}_1`);
    const overdue = await queue.getJob(`investigation-overdue_${caseId}_1`);
    expect(await reminder!.getState()).toBe('delayed');
    expect(await overdue!.getState()).toBe('delayed');
    expect(overdue!.opts.delay).toBeGreaterThan(2 * 24 * 3600_000); // five working days ahead

    await reminder!.promote();
    await overdue!.promote();
    const escalated = await until(async () => {
      const c = await getCase(caseId);
      return c.investigation?.overdue ? c : undefined;
    });
    expect(escalated.status).toBe('investigating');
    // Both events went through the outbox to Kafka. The two jobs ran at once, so one of them lost the
    // race for the case and retried with backoff: wait for it rather than for a fixed time.
    await until(async () => {
      const published = await running.ctx.metrics.registry.getSingleMetricAsString('carelink_events_published_total');
      return published.includes('type="investigation.duesoon.v1"') &&
        published.includes('type="investigation.overdue.v1"')
        ? true
        : undefined;
    }, 300);

    // A second assignment gets new timers; recording the investigation cancels them.
    await fetch(url(`/cases/${caseId}/investigation-team`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        team: [
          { staffId: 'clerk-9', name: '王', office: '341702001' },
          { staffId: 'c-3', name: '赵', office: '341702001' },
        ],
      }),
    });
    expect(await (await queue.getJob(`investigation-overdue_${caseId}_2`))!.getState()).toBe('delayed');
    const recorded = await fetch(url(`/cases/${caseId}/investigation`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        household: { members: 2, livingAlone: false },
        difficulty: { types: ['重病'], degree: 'severe' },
        needs: [{ kind: 'individual', category: 'cleaning', description: '清洁' }],
      }),
    });
    expect(recorded.status).toBe(201);
    expect(await queue.getJob(`investigation-overdue_${caseId}_2`)).toBeUndefined();
    expect(await queue.getJob(`investigation-reminder_${caseId}_2`)).toBeUndefined();

    // The township's review now has its own clock; when it runs out, the county is told once.
    const reviewClock = await queue.getJob(`decision-overdue_${caseId}_township`);
    expect(await reviewClock!.getState()).toBe('delayed');
    await reviewClock!.promote();
    const reviewEscalated = await until(async () => {
      const c = await getCase(caseId);
      return c.escalatedLevels?.includes('township') ? c : undefined;
    });
    expect(reviewEscalated.status).toBe('investigated');
    await until(async () =>
      (await running.ctx.metrics.registry.getSingleMetricAsString('carelink_events_published_total')).includes(
        'type="decision.overdue.v1"',
      )
        ? true
        : undefined,
    );

    // The recorded need reaches the township needs ledger, in JSON, CSV and XLSX.
    const ledger = await until(async () => {
      const l = (await (
        await fetch(url('/needs-ledger'), { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { individual?: { caseNumber: string }[] };
      return l.individual?.length === 1 ? l : undefined;
    });
    expect(ledger.individual![0]).toMatchObject({
      caseNumber: 'CZ341702-2026-900001',
      category: 'cleaning',
      description: '清洁',
    });
    const csvBytes = Buffer.from(
      await (
        await fetch(url('/needs-ledger?format=csv'), { headers: { authorization: `Bearer ${token}` } })
      ).arrayBuffer(),
    );
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so that Excel reads UTF-8
    const csv = csvBytes.subarray(3).toString('utf8');
    expect(csv.startsWith('受理编号,')).toBe(true);
    expect(csv).toContain('个性需求');
    const xlsx = await fetch(url('/needs-ledger?format=xlsx'), { headers: { authorization: `Bearer ${token}` } });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['共性需求', '个性需求', '汇总']);
    expect(book.getWorksheet('个性需求')!.getRow(2).getCell(7).value).toBe('清洁');
    const bad = await fetch(url('/needs-ledger?format=pdf'), { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
  });
});
