/**
 * Benchmark: department webhook deliveries through referral, on the real servers (Kafka, FerretDB, Redis).
 * Starts the referral service in-process and a real HTTP subscriber, subscribes one department, feeds
 * CASES approved decisions (one department referral each) into Kafka; the subscriber, like a department,
 * answers each referral.created with receipt and acceptance through the API: 3 events per case, in order.
 * Prints deliveries per second and the delay from each event's time (written to the outbox) to its
 * arrival at the subscriber (p50 / p99 / max).
 *
 *   npm run bench:webhooks            # CASES=200 by default
 *   CASES=500 npm run bench:webhooks
 *   RATE=2 CASES=60 npm run bench:webhooks   # paced: 2 cases (6 events) per second, delay without backlog
 */
import { issueStaffToken } from '@carelink/auth';
import { buildEvent, EligibilityDecided, topics } from '@carelink/contracts';
import { staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConfig } from '../services/referral/src/config';
import { verifyWebhook } from '../services/referral/src/domain/webhooks/signature';
import { referralService } from '../services/referral/src/service';

/** The local platform's staff signing key: the services under test check tokens with its public half. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

const CASES = Number(process.env.CASES ?? 200);
const EVENTS_PER_CASE = 3;
/** Cases per second; unset = all at once (a burst: throughput). */
const RATE = process.env.RATE ? Number(process.env.RATE) : undefined;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const servers = await testServers();
  const runId = uniqueName('benchwh');
  const running = await startService(
    referralService,
    createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_referral`),
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      LOG_LEVEL: 'warn',
    }),
  );
  let secret = '';
  const delays: number[] = [];
  const lastSeq = new Map<string, number>();
  let outOfOrder = 0;
  let badSignatures = 0;
  let first = 0;
  let last = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ok = verifyWebhook(
        secret,
        {
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
        },
        body,
      );
      if (!ok) badSignatures++;
      const now = Date.now();
      const event = JSON.parse(body) as { time: string };
      delays.push(now - new Date(event.time).getTime());
      const caseId = String(req.headers['carelink-case-id']);
      const seq = Number(req.headers['carelink-case-sequence']);
      if ((lastSeq.get(caseId) ?? 0) >= seq) outOfOrder++;
      lastSeq.set(caseId, seq);
      first ||= now;
      last = now;
      res.writeHead(204).end();
      const { type, data } = event as unknown as { type: string; data: { referralId: string } };
      if (type === 'referral.created.v1') answer(data.referralId);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const secretOf = staffSigningKey;
  const health = await issueStaffToken(
    {
      sub: 'bench-health',
      role: 'department_staff',
      region: 'chizhou',
      jurisdiction: '341702',
      departmentCode: 'health',
    },
    secretOf,
  );
  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const answer = (referralId: string) => {
    const id = encodeURIComponent(referralId);
    void post(`/referrals/${id}/receipt`, {})
      .then(() => post(`/referrals/${id}/acceptance`, {}))
      .catch((err: Error) => process.stderr.write(`answering ${referralId}: ${err.message}\n`));
  };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(url(path), {
      method: 'POST',
      headers: { authorization: `Bearer ${health}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<{ secret: string }>;
  };
  secret = (
    await post('/webhook-subscriptions', {
      departmentCode: 'health',
      region: 'chizhou',
      endpoint: `http://127.0.0.1:${port}/hook`,
      places: ['341702'],
    })
  ).secret;

  /**
   * Feeds `count` decisions (all at once, or `rate` per second). The subscriber, like a department, answers
   * each referral.created it receives by recording receipt and acceptance through the API.
   */
  const run = async (count: number, label: string, rate?: number) => {
    for (let i = 0; i < count; i++) {
      const caseId = randomUUID();
      await running.ctx.bus.publish(
        topics.assessmentCases,
        buildEvent(EligibilityDecided, {
          source: '/bench',
          key: caseId,
          data: {
            caseId,
            caseNumber: `CZ341702-2026-${label}${String(i).padStart(5, '0')}`,
            region: 'chizhou',
            packVersion: 'bench',
            person: { personId: `p_${caseId.replace(/-/g, '').slice(0, 16)}`, name: '测试' },
            address: { county: '341702', township: '341702001' },
            items: [{ itemCode: 'CZ-JK-01', approved: true, reason: '符合条件' }],
            consent: { given: true, givenBy: 'applicant', recordedAt: new Date().toISOString() },
            decidedBy: 'bench',
            decidedAt: new Date().toISOString(),
          },
        }),
      );
      if (rate) await new Promise((r) => setTimeout(r, 1000 / rate));
    }
  };

  // Warm-up: consumer groups joined, connections open; then measure from a clean slate.
  await run(2, 'W');
  while (delays.length < 2 * EVENTS_PER_CASE) await new Promise((r) => setTimeout(r, 50));
  delays.length = 0;
  first = 0;
  await running.ctx.connection.collection('webhook_deliveries').deleteMany({});
  running.ctx.metrics.outboxLag.reset();
  const started = Date.now();
  await run(CASES, 'B', RATE);
  const expected = CASES * EVENTS_PER_CASE;
  const deadline = Date.now() + 300_000;
  while (delays.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

  // Where the time goes: event → queued for the subscriber (Kafka read-back, fan-out) → delivered.
  const rows = await running.ctx.connection
    .collection('webhook_deliveries')
    .find({}, { projection: { eventTime: 1, eventType: 1, createdAt: 1, deliveredAt: 1 } })
    .toArray();
  const ms = (a: string, b: string) => new Date(b).getTime() - new Date(a).getTime();
  const queued = rows.map((r) => ms(r.eventTime, r.createdAt)).sort((a, b) => a - b);
  const sending = rows
    .filter((r) => r.deliveredAt)
    .map((r) => ms(r.createdAt, r.deliveredAt))
    .sort((a, b) => a - b);
  const byType = Object.fromEntries(
    [...new Set(rows.map((r) => String(r.eventType)))].map((type) => {
      const list = rows.filter((r) => r.eventType === type && r.deliveredAt).map((r) => ms(r.eventTime, r.deliveredAt));
      list.sort((a, b) => a - b);
      return [type, { p50: percentile(list, 50), p99: percentile(list, 99) }];
    }),
  );
  const lag = (await running.ctx.metrics.outboxLag.get()).values;
  const lagSum = lag.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  const lagCount = lag.find((v) => v.metricName?.endsWith('_count'))?.value ?? 1;
  const sorted = [...delays].sort((a, b) => a - b);
  const seconds = (last - first) / 1000;
  const result = {
    cases: CASES,
    ratePerSecond: RATE ?? 'burst',
    deliveries: delays.length,
    expected,
    wallSeconds: Number(((last - started) / 1000).toFixed(2)),
    deliveriesPerSecond: Number((delays.length / Math.max(seconds, 0.001)).toFixed(1)),
    delayMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] },
    eventToQueuedMs: { p50: percentile(queued, 50), p99: percentile(queued, 99) },
    queuedToDeliveredMs: { p50: percentile(sending, 50), p99: percentile(sending, 99) },
    eventToDeliveredByTypeMs: byType,
    outboxWriteToKafkaMeanMs: Math.round((lagSum / lagCount) * 1000),
    outOfOrder,
    badSignatures,
    concurrency: running.ctx.config.WEBHOOK_CONCURRENCY,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await running.ctx.connection.dropDatabase();
  await running.stop();
  process.exit(delays.length === expected && outOfOrder === 0 && badSignatures === 0 ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
