/**
 * The assessment service in-process on the real servers (Kafka, FerretDB, Redis), each run with its own
 * database, topic prefix and job prefix, and the helpers its integration tests share.
 */
import { issueStaffToken } from '@carelink/auth';
import { buildEvent, RequestRegistered } from '@carelink/contracts';
import { type RunningService, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { Queue, QueueEvents } from 'bullmq';
import { createConfig, type AssessmentConfig } from '../src/config';
import { assessmentService } from '../src/service';

/** The local platform's staff signing key: the services under test check tokens with its public half. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

export interface InProcess {
  running: RunningService<AssessmentConfig>;
  /** The service's job queue, to promote and add jobs. */
  queue: Queue;
  queueEvents: QueueEvents;
  /** A township caseworker's bearer token (clerk-9 of 341702001). */
  token: string;
  url: (path: string) => string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's answer, checked field by field
  getCase: (caseId: string) => Promise<any>;
  /** POSTs a JSON body as the caseworker. */
  post: (path: string, body: unknown) => Promise<Response>;
  /** Whether the relay has published an event of this type. */
  published: (type: string) => Promise<boolean>;
  stop: () => Promise<void>;
}

export async function startInProcess(name: string): Promise<InProcess> {
  const runId = uniqueName(name);
  const servers = await testServers();
  const config = createConfig({
    CARELINK_ENV: 'local',
    PORT: '0',
    MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_assessment`),
    ...kafkaEnv(servers),
    KAFKA_TOPIC_PREFIX: `${runId}.`,
    REDIS_URL: servers.redisUrl,
    JOBS_PREFIX: runId,
    LOG_LEVEL: 'silent',
  });
  const running = await startService(assessmentService, config);
  const queue = new Queue('assessment', { connection: { url: servers.redisUrl }, prefix: runId });
  const queueEvents = new QueueEvents('assessment', { connection: { url: servers.redisUrl }, prefix: runId });
  await queueEvents.waitUntilReady();
  const token = await issueStaffToken(
    { sub: 'clerk-9', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
    staffSigningKey,
  );
  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  return {
    running,
    queue,
    queueEvents,
    token,
    url,
    getCase: async (caseId) =>
      (await fetch(url(`/cases/${caseId}`), { headers: { authorization: `Bearer ${token}` } })).json(),
    post: (path, body) =>
      fetch(url(path), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    published: async (type) =>
      (await running.ctx.metrics.registry.getSingleMetricAsString('carelink_events_published_total')).includes(
        `type="${type}"`,
      ),
    stop: async () => {
      await queueEvents.close();
      await queue.close();
      await running.ctx.connection.dropDatabase();
      await running.stop();
    },
  };
}

/** Polls every 100 ms, `tries` times at most, until the probe answers. */
export async function until<T>(probe: () => Promise<T | undefined>, tries = 150): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

/** A request registered by intake for a Chizhou 特困 applicant of township 341702001. */
export function registration(caseId: string, caseNumber: string, personId = 'p_0123456789abcdef') {
  return buildEvent(RequestRegistered, {
    source: '/test',
    key: caseId,
    data: {
      caseId,
      caseNumber,
      region: 'chizhou',
      channel: 'proactive',
      applicant: {
        personId,
        name: '测试',
        idNumberMasked: '341*************1X',
        ageAtRegistration: 76,
      },
      address: { county: '341702', township: '341702001' },
      declaredGroups: ['tekun'],
      items: [{ itemCode: 'CZ-QJ-01' }],
      registeredAt: new Date().toISOString(),
      registeredBy: 'coordinator',
      consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T08:00:00.000Z' },
    },
  });
}
