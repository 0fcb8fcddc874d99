/**
 * Starts carelink's six services as separate OS processes against the real servers, each with its own
 * database, all on one Kafka topic prefix so that a run reads only its own events; and, for the browser tests
 * (infra/e2e/console), the staff console in front of them with its demo accounts.
 */
import { issueAdapterToken, issueStaffToken, type AdapterIdentity, type StaffPrincipal } from '@carelink/auth';
import { adapterTokenSigningKeyOf, staffTokenSigningKeyOf } from '@carelink/service-host';
import { EventBus, KafkaAccessControl, type AccessPlan } from '@carelink/bus';
import { allTopics, checkCharacter } from '@carelink/contracts';
import { createLogger } from '@carelink/telemetry';
import { kafkaUser, testServers, uniqueName, type KafkaSasl } from '@carelink/test-servers';
import { Kafka, logLevel } from 'kafkajs';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { localAccessPlan } from '../local/kafka-plan';
import { connectMongo, FieldCipher } from '@carelink/store';
import { createConfig as intakeConfig } from '../../services/intake/src/config';

export const SERVICES = [
  'intake',
  'assessment',
  'referral',
  'provider-scheduling',
  'settlement',
  'complaints',
] as const;
export type ServiceName = (typeof SERVICES)[number];
/** The processes a run may start: the six services and the staff console (services/console). */
export type ProcessName = ServiceName | 'console';

/**
 * Where the staff console of a run listens, from the run's base port (the six services take base+0…5); a chat bot
 * and an IVR the console should reach take base+9 and base+6 (see consoleEnv).
 */
export const CONSOLE_PORT_OFFSET = 8;

export const REPO = resolve(__dirname, '../..');

export interface PlatformOptions {
  runId: string;
  kafkaBrokers: string[];
  mongoUrl: string;
  redisUrl: string;
  basePort: number;
  /** The Kafka super user, where the broker requires SASL: grants the run's ACLs and reads its events. */
  kafkaSasl?: KafkaSasl;
}

/** The base URLs of the channel adapters the console passes `/api/telegram` and `/api/ivr` on to. */
export interface ConsoleUpstreams {
  telegram?: string;
  ivr?: string;
}

export class Platform {
  readonly processes = new Map<ProcessName, ChildProcess>();
  readonly topicPrefix: string;
  private kafkaAccess?: { control: KafkaAccessControl; plan: AccessPlan };
  /** The run's topics were created (on a broker without SASL, where there are no grants to remember). */
  private topicsMade = false;
  private consoleUpstreams: ConsoleUpstreams = {};

  constructor(readonly options: PlatformOptions) {
    this.topicPrefix = `${options.runId}.`;
  }

  /** Finds the real servers and starts all six services for one test run. */
  static async launch(name: string, basePort: number): Promise<Platform> {
    const servers = await testServers();
    const platform = new Platform({
      runId: uniqueName(name),
      kafkaBrokers: servers.kafkaBrokers,
      mongoUrl: servers.mongoUrl,
      redisUrl: servers.redisUrl,
      basePort,
      kafkaSasl: servers.kafkaSasl,
    });
    await platform.startAll();
    return platform;
  }

  port(service: ProcessName): number {
    return this.options.basePort + (service === 'console' ? CONSOLE_PORT_OFFSET : SERVICES.indexOf(service));
  }

  url(service: ProcessName, path: string): string {
    return `http://127.0.0.1:${this.port(service)}${path}`;
  }

  /** The run's own database for a process on the shared server: `<run>_<name>`. */
  private databaseUrl(name: string): string {
    const mongo = new URL(this.options.mongoUrl);
    mongo.pathname = `/${this.options.runId.replace(/[^a-zA-Z0-9]/g, '_')}_${name.replace(/-/g, '_')}`;
    return mongo.toString();
  }

  /**
   * Where the broker requires SASL, every service and bot of the run connects as its own Kafka user, under
   * the ACLs of the topic registry granted for the run's topic prefix (as infra/local/kafka-acls.ts grants
   * them for a deployment): a grant the services lack fails the run as it would fail `npm run platform`.
   * Creates the run's topics, on any broker (a service creates only the topics it produces or reads, and
   * `readAllEvents` reads every topic of the registry: on a broker without SASL a topic of a service the run
   * does not start was missing, and reading it failed with "This server does not host this topic-partition"),
   * and grants the ACLs (as the super user); call it before starting any service (startAll does). The grants
   * go again in stopAll.
   */
  async grantKafkaAccess(): Promise<void> {
    const sasl = this.options.kafkaSasl;
    if (this.kafkaAccess || (!sasl && this.topicsMade)) return;
    const plan = localAccessPlan({ ...process.env, KAFKA_TOPIC_PREFIX: this.topicPrefix });
    const logger = createLogger('e2e-platform', 'error');
    const bus = new EventBus({
      brokers: this.options.kafkaBrokers,
      ...(sasl ? { sasl } : {}),
      clientId: 'e2e-platform',
      logger,
      topicPrefix: this.topicPrefix,
    });
    try {
      await bus.ensureTopics(plan.topics);
    } finally {
      await bus.disconnect();
    }
    this.topicsMade = true;
    if (!sasl) return;
    const control = new KafkaAccessControl({ brokers: this.options.kafkaBrokers, sasl });
    await control.grant(plan.grants);
    this.kafkaAccess = { control, plan };
  }

  /** The Kafka user settings of one of the run's services or bots (none on an open broker). */
  kafkaUserEnv(principal: string): Record<string, string> {
    if (!this.options.kafkaSasl) return {};
    if (!this.kafkaAccess) throw new Error('call platform.grantKafkaAccess() before starting services');
    const user = kafkaUser(principal);
    if (!user) throw new Error(`the local broker has no Kafka user ${principal}: run infra/local/servers.sh start`);
    return { KAFKA_SASL_USERNAME: user.username, KAFKA_SASL_PASSWORD: user.password };
  }

  env(service: ServiceName): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PORT: String(this.port(service)),
      MONGO_URL: this.databaseUrl(service),
      KAFKA_BROKERS: this.options.kafkaBrokers.join(','),
      KAFKA_SASL_USERNAME: undefined,
      KAFKA_SASL_PASSWORD: undefined,
      ...this.kafkaUserEnv(service),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      REDIS_URL: this.options.redisUrl,
      JOBS_PREFIX: this.options.runId,
      // A file's export reads the attachments from the run's intake.
      ...(service === 'assessment' ? { INTAKE_URL: this.url('intake', '') } : {}),
      // One machine: the services' secrets and token keys take their development defaults.
      CARELINK_ENV: 'local',
      LOG_LEVEL: 'info',
      CONSUMER_RETRY_ATTEMPTS: '3',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
  }

  /**
   * The staff console's settings for the run: its own database and Redis prefix, local mode (development keys,
   * demo accounts, cookies without `Secure` over plain http), the run's six services behind `/api/<service>`, and
   * the chat bot and IVR named by startConsole (else ports of the run where nothing listens: never the
   * platform of `npm run platform`). The hand-over queue is read every half second.
   */
  consoleEnv(): NodeJS.ProcessEnv {
    const local = (offset: number) => `http://127.0.0.1:${this.options.basePort + offset}`;
    return {
      ...process.env,
      PORT: String(this.port('console')),
      MONGO_URL: this.databaseUrl('console'),
      REDIS_URL: this.options.redisUrl,
      REDIS_PREFIX: `${this.options.runId}:console:`,
      CARELINK_ENV: 'local',
      LOG_LEVEL: 'info',
      WEB_DIST: CONSOLE_WEB,
      INTAKE_URL: this.url('intake', ''),
      ASSESSMENT_URL: this.url('assessment', ''),
      REFERRAL_URL: this.url('referral', ''),
      PROVIDER_SCHEDULING_URL: this.url('provider-scheduling', ''),
      SETTLEMENT_URL: this.url('settlement', ''),
      COMPLAINTS_URL: this.url('complaints', ''),
      TELEGRAM_URL: this.consoleUpstreams.telegram ?? local(9),
      IVR_URL: this.consoleUpstreams.ivr ?? local(6),
      CHAT_POLL_MS: '500',
    };
  }

  /**
   * Starts the staff console for the run (after building its web app when stale: infra/local/console-web.sh, as
   * `npm run platform` does) and waits until it is ready. Its demo accounts: seedConsoleAccounts.
   */
  async startConsole(upstreams: ConsoleUpstreams = {}): Promise<void> {
    this.consoleUpstreams = upstreams;
    await buildConsoleWeb(join(REPO, '.data/logs/e2e', this.options.runId));
    this.start('console');
    await this.waitReady('console');
  }

  /**
   * Seeds the console's demo accounts (演示: cz-township, cz-county, cz-provider, cz-health, cz-hotline, …, password
   * DEMO_PASSWORD of services/console/src/entry-points/cli/demo-accounts.ts) into the run's console database, with
   * the seed command `npm run platform` runs.
   */
  async seedConsoleAccounts(): Promise<void> {
    const seed = join(REPO, 'services/console/src/entry-points/cli/seed-demo-accounts.ts');
    try {
      await run(process.execPath, ['--conditions=source', '--import', 'tsx', seed], {
        cwd: REPO,
        env: this.consoleEnv(),
        timeout: 120_000,
      });
    } catch (err) {
      const { stderr, stdout } = err as { stderr?: string; stdout?: string };
      throw new Error(`seeding the console's demo accounts failed: ${stderr || stdout || (err as Error).message}`);
    }
  }

  /** Spawns one service or the console (`node --import tsx`), logging to .data/logs/e2e/<run>/<name>.log. */
  start(service: ProcessName): ChildProcess {
    const logDir = join(REPO, '.data/logs/e2e', this.options.runId);
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(join(logDir, `${service}.log`), { flags: 'a' });
    const child = spawn(
      process.execPath,
      [
        // Extra node flags for every service, e.g. CARELINK_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
        ...(process.env.CARELINK_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        '--conditions=source',
        '--import',
        'tsx',
        join(REPO, 'services', service, 'src/start.ts'),
      ],
      {
        cwd: REPO,
        env: service === 'console' ? this.consoleEnv() : this.env(service),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.processes.set(service, child);
    return child;
  }

  async startAll(): Promise<void> {
    await this.grantKafkaAccess();
    for (const s of SERVICES) this.start(s);
    await Promise.all(SERVICES.map((s) => this.waitReady(s)));
  }

  async waitReady(service: ProcessName, ms = 90_000): Promise<void> {
    const end = Date.now() + ms;
    for (;;) {
      const child = this.processes.get(service);
      if (child && child.exitCode !== null)
        throw new Error(
          `${service} exited with ${child.exitCode}; see .data/logs/e2e/${this.options.runId}/${service}.log`,
        );
      try {
        const res = await fetch(this.url(service, '/readyz'));
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > end) throw new Error(`${service} not ready after ${ms} ms`);
      await sleep(250);
    }
  }

  /** SIGKILL: no shutdown hooks run, as in a crash or an OOM kill. */
  async kill(service: ProcessName): Promise<void> {
    const child = this.processes.get(service)!;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM everything and wait for clean exits. */
  async stopAll(): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    await Promise.all(
      [...this.processes].map(async ([name, child]) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          codes[name] = child.exitCode;
          return;
        }
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        codes[name] = await exited;
        clearTimeout(timer);
      }),
    );
    await this.kafkaAccess?.control.revoke(this.kafkaAccess.plan.grants);
    this.kafkaAccess = undefined;
    return codes;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const run = promisify(execFile);

/**
 * The console's web app as the end-to-end runs serve it: built from services/console/web into a folder of their own
 * (not web/dist, which `npm run platform` and people working on the screens rebuild whenever they like), one per
 * checkout. Outside the repository's .data: the console does not serve its page from a path with a dot-folder in it
 * (express's sendFile refuses dotfiles).
 */
export const CONSOLE_WEB = join(
  tmpdir(),
  `carelink-e2e-console-web-${createHash('sha256').update(REPO).digest('hex').slice(0, 12)}`,
);

/**
 * Builds the console's web app into CONSOLE_WEB when it is missing or older than its sources, with the script
 * `npm run platform` uses (infra/local/console-web.sh; vite's output in `<logDir>/console-web.log`).
 */
export async function buildConsoleWeb(logDir: string): Promise<void> {
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, 'console-web.log');
  try {
    await run('bash', [join(REPO, 'infra/local/console-web.sh'), '--out', CONSOLE_WEB, log], {
      cwd: REPO,
      timeout: 300_000,
    });
  } catch (err) {
    throw new Error(`the console's web app did not build (see ${log}): ${(err as { stderr?: string }).stderr ?? err}`);
  }
}

/** A staff token the platform's services accept (signed with the local staff key, as the console signs). */
export async function token(principal: StaffPrincipal): Promise<string> {
  return issueStaffToken(principal, staffTokenSigningKeyOf({ CARELINK_ENV: 'local' }));
}

/** A channel adapter's token, signed with that adapter's own local key. */
export async function adapterToken(identity: AdapterIdentity): Promise<string> {
  return issueAdapterToken(identity, adapterTokenSigningKeyOf(identity.channel, { CARELINK_ENV: 'local' }));
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  method: string,
  url: string,
  bearer: string,
  body?: unknown,
): Promise<HttpResult<T>> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Polls until `probe` returns a value (not undefined), or fails naming what it waited for. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** A valid GB 11643 ID number for a birth date and sequence (for test residents). */
export function residentId(county: string, birth: string, seq: number): string {
  const first17 = `${county}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export interface WireEvent {
  topic: string;
  key: string | null;
  id: string;
  type: string;
  data: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Waits until consumer group `group` (a service's name) has handled everything published so far on the
 * given topics: its committed offsets reach the end each partition has now. The marker after which "and
 * nothing else happened" may be asserted, instead of a sleep that passes whenever the system is slow.
 */
export async function handledSoFar(
  platform: Platform,
  group: string,
  topicNames: string[],
  ms = 60_000,
): Promise<void> {
  const kafka = new Kafka({
    brokers: platform.options.kafkaBrokers,
    ...(platform.options.kafkaSasl ? { sasl: platform.options.kafkaSasl } : {}),
    clientId: 'e2e-marker',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = topicNames.map((t) => platform.topicPrefix + t);
    const ends = new Map<string, number>();
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, Number(p.high));
    await eventually(
      `${group} to handle what ${topicNames.join(', ')} held`,
      async () => {
        const committed = await admin.fetchOffsets({ groupId: platform.topicPrefix + group, topics });
        for (const { topic, partitions } of committed)
          for (const { partition, offset } of partitions) {
            const end = ends.get(`${topic}/${partition}`) ?? 0;
            if (end > 0 && Number(offset) < end) return undefined;
          }
        return true;
      },
      ms,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Every message on the run's topics, read from the beginning up to the current end of each partition. */
export async function readAllEvents(brokers: string[], prefix: string): Promise<WireEvent[]> {
  const { kafkaSasl } = await testServers(); // the super user, where the broker requires SASL
  const kafka = new Kafka({
    brokers,
    ...(kafkaSasl ? { sasl: kafkaSasl } : {}),
    clientId: 'e2e-reader',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const names = allTopics.map((t) => prefix + t.name);
  const ends = new Map<string, number>();
  for (const name of names) {
    for (const p of await admin.fetchTopicOffsets(name))
      if (Number(p.high) > 0) ends.set(`${name}/${p.partition}`, Number(p.high));
  }
  await admin.disconnect();
  const events: WireEvent[] = [];
  if (ends.size === 0) return events;
  const consumer = kafka.consumer({ groupId: `e2e-reader-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: names, fromBeginning: true });
  const reached = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reading events timed out; reached ${reached.size}/${ends.size} partitions`)),
      60_000,
    );
    consumer
      .run({
        eachMessage: async ({ topic, partition, message }) => {
          const envelope = JSON.parse(message.value!.toString('utf8'));
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
          events.push({
            topic: topic.slice(prefix.length),
            key: message.key?.toString() ?? null,
            id: envelope.id,
            type: envelope.type,
            data: envelope.data,
            headers,
          });
          const at = `${topic}/${partition}`;
          if (Number(message.offset) + 1 >= (ends.get(at) ?? 0)) reached.add(at);
          if (reached.size === ends.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return events;
}

/**
 * The township assigns a two-person team and one member records the home investigation: by default an elderly person
 * living alone, unable to look after herself and with nobody caring for her; `form` overrides any part.
 */
export async function investigate(
  platform: Platform,
  caseId: string,
  clerk: { token: string; staffId: string; office: string },
  form: Record<string, unknown> = {},
): Promise<void> {
  const assigned = await call('POST', platform.url('assessment', `/cases/${caseId}/investigation-team`), clerk.token, {
    team: [
      { staffId: clerk.staffId, name: '乡镇社工', office: clerk.office },
      { staffId: 'village-coordinator-1', name: '村协理员', office: clerk.office },
    ],
  });
  if (assigned.status !== 201) throw new Error(`assigning the investigation failed: ${JSON.stringify(assigned.body)}`);
  const recorded = await call('POST', platform.url('assessment', `/cases/${caseId}/investigation`), clerk.token, {
    household: { members: 1, livingAlone: true },
    difficulty: { types: ['行动不便'], degree: 'moderate' },
    // Unable to look after herself (Barthel 35) with nobody caring for her: what Chizhou's government-purchased
    // mode asks of a person (000 三(六)1), so a home-care item goes to a contracted provider.
    barthel: {
      feeding: 5,
      bathing: 0,
      grooming: 0,
      dressing: 5,
      bowels: 5,
      bladder: 5,
      toiletUse: 5,
      transfers: 5,
      mobility: 5,
      stairs: 0,
    },
    carer: 'absent',
    illnesses: [],
    needs: [{ kind: 'common', category: 'cleaning', description: '居家清洁' }],
    ...form,
  });
  if (recorded.status !== 201) throw new Error(`recording the investigation failed: ${JSON.stringify(recorded.body)}`);
}

/**
 * The one-time code intake last texted to `phone` (national form), as the resident would read it on their
 * phone: from intake's SMS outbox, where a gateway would deliver it from (number and words sealed with
 * intake's person-data key). Undefined when nothing was texted to that phone.
 */
export async function textedCode(platform: Platform, phone: string): Promise<string | undefined> {
  const config = intakeConfig(platform.env('intake'));
  const cipher = new FieldCipher(config.PERSON_DATA_KEY, config.PERSON_INDEX_KEY);
  const connection = await connectMongo(config.MONGO_URL, createLogger('e2e-sms', 'error'));
  try {
    const texts = await connection.collection('sms_outbox').find().sort({ createdAt: -1 }).limit(100).toArray();
    const text = texts.find((t) => cipher.decrypt(String(t.toSealed)) === phone);
    return text ? /(\d{6})/.exec(cipher.decrypt(String(text.bodySealed)))?.[1] : undefined;
  } finally {
    await connection.close();
  }
}
