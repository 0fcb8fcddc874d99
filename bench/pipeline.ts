/**
 * Benchmark: the whole pipeline under an open-loop load, on the real servers (Kafka, FerretDB, Redis), with
 * the six services as separate processes (infra/e2e/platform.ts) on their own topic prefix and databases.
 *
 *   Phase 0, anchor: raw kafkajs on the same broker in the same run — one producer sends ANCHOR_MESSAGES
 *     messages of 1.5 KB (batches every 10 ms, ANCHOR_RATE per second, default 1000) to a throwaway 3-partition
 *     topic, one consumer reads them: messages/s and produce → consume latency. What Kafka alone does on this
 *     machine now. Its messages/s cannot exceed ANCHOR_RATE: raise that to look for the broker's ceiling.
 *   Phase 1, intake: RATE new residents per second for SECONDS ask at the township window (POST /requests,
 *     open loop: each sent at its time whatever the earlier ones are doing; 30 s client time-out). A raw
 *     consumer notes each case.opened.v1 from assessment: HTTP latency, request sent → case opened
 *     (intake → Kafka → assessment → Kafka), sustained cases/s, errors by status.
 *   Phase 2, approvals: APPROVALS of those cases get their home investigation (not timed), then their
 *     approval decisions go out at APPROVAL_RATE per second, open loop: decision POST → referral.created.v1
 *     (assessment → Kafka → referral → Kafka), to the contracted provider of ITEM.
 * Load averages at the start and end of each phase and the ratios of the pipeline's figures to the anchor's
 * are printed beside the numbers, then the whole result as JSON. Service logs (SERVICE_LOG_LEVEL, default
 * warn) are in .data/logs/e2e/<runId>/. Like the e2e runs, the run's topics and databases are left behind.
 *
 *   npm run bench:pipeline                                   # RATE=50 SECONDS=20 APPROVALS=200 APPROVAL_RATE=50
 *   RATE=10 SECONDS=5 APPROVALS=10 npm run bench:pipeline    # a quick check
 *   RATE=100 SECONDS=60 ANCHOR_RATE=5000 npm run bench:pipeline
 *
 * Other settings: BASE_PORT (4601; six ports from there), CONNECTIONS (HTTP connections per service, 256),
 * ITEM (the one service item requested, CZ-QJ-01; a purchased item gets a contract, a department item needs none).
 */
import { testServers, uniqueName } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { call, investigate, Platform, SERVICES, token, type ServiceName } from '../infra/e2e/platform';
import { countOutcomes, isSuccess, JsonClient, type HttpOutcome } from './support/http';
import { CpuMeter, platformProcesses } from './support/cpu';
import { benchKafka, EventWatcher, kafkaAnchor } from './support/kafka';
import { TOWNSHIP, windowRequest } from './support/residents';
import {
  distribution,
  envNumber,
  loadAverage,
  machineContext,
  openLoop,
  PhaseClock,
  ratio,
  round,
  type Distribution,
} from './support/stats';

const settings = {
  rate: envNumber('RATE', 50),
  seconds: envNumber('SECONDS', 20),
  approvals: envNumber('APPROVALS', 200),
  approvalRate: envNumber('APPROVAL_RATE', 50),
  anchorMessages: envNumber('ANCHOR_MESSAGES', 5000),
  anchorRate: envNumber('ANCHOR_RATE', 1000),
  basePort: envNumber('BASE_PORT', 4601),
  connections: envNumber('CONNECTIONS', 256),
  item: process.env.ITEM ?? 'CZ-QJ-01',
  serviceLogLevel: process.env.SERVICE_LOG_LEVEL ?? 'warn',
};
const HTTP_TIMEOUT_MS = 30_000;
/** How long to wait for the events of the accepted requests once every response is in. */
const EVENT_WAIT_MS = 60_000;
const ANCHOR_MESSAGE_BYTES = 1536;
const ANCHOR_TICK_MS = 10;
const INVESTIGATION_CONCURRENCY = 8;

const out = (line = '') => process.stdout.write(`${line}\n`);

/** The e2e platform with the services' log level lowered (a bench should not pay for info logs). */
class BenchPlatform extends Platform {
  override env(service: ServiceName): NodeJS.ProcessEnv {
    return { ...super.env(service), LOG_LEVEL: settings.serviceLogLevel };
  }
}

interface Staff {
  clerk: string;
  officer: string;
}

async function main(): Promise<number> {
  await assertPortsFree(settings.basePort, SERVICES.length);
  const context = { ...machineContext(), loadAverageAtStart: loadAverage() };
  const platform = await createPlatform();
  const stop = stopOnSignal(platform);
  try {
    out(
      `run ${platform.options.runId}: starting the six services on ports ${settings.basePort}–${settings.basePort + 5}`,
    );
    await platform.startAll();
    const kafka = benchKafka(platform.options.kafkaBrokers, 'bench-pipeline', platform.options.kafkaSasl);
    const staff: Staff = {
      clerk: await token({
        sub: 'bench-clerk',
        role: 'township_caseworker',
        region: 'chizhou',
        jurisdiction: TOWNSHIP,
      }),
      officer: await token({ sub: 'bench-officer', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' }),
    };
    await contractFor(platform, staff.officer, settings.item);
    const prefix = platform.topicPrefix;
    const opened = await EventWatcher.start(kafka, {
      topic: `${prefix}carelink.assessment.cases.v1`,
      groupId: `${prefix}bench-case-opened`,
      type: 'case.opened.v1',
    });
    const referred = await EventWatcher.start(kafka, {
      topic: `${prefix}carelink.referral.referrals.v1`,
      groupId: `${prefix}bench-referral-created`,
      type: 'referral.created.v1',
    });
    out(`machine: ${context.nproc} CPUs (${context.cpuModel}), load average ${context.loadAverageAtStart.join(' ')}`);

    const anchor = await anchorPhase(kafka, prefix);
    const clerkClient = new JsonClient(staff.clerk, { connections: settings.connections, timeoutMs: HTTP_TIMEOUT_MS });
    const intake = await intakePhase(platform, clerkClient, opened);
    const approvals = await approvalPhase(platform, clerkClient, staff.clerk, intake.openedCases, referred);
    clerkClient.close();
    await opened.stop();
    await referred.stop();

    const summary = {
      runId: platform.options.runId,
      settings,
      machine: { ...context, loadAverageAtEnd: loadAverage() },
      anchor: anchor.report,
      intake: intake.report,
      approvals: approvals.report,
      ratios: ratios(anchor.report, intake.report, approvals.report),
    };
    printRatios(summary.ratios);
    out('\nsummary (JSON):');
    out(JSON.stringify(summary, null, 2));
    return 0;
  } finally {
    stop.dispose();
    const codes = await platform.stopAll();
    out(`\nservices stopped, exit codes ${JSON.stringify(codes)}; logs in .data/logs/e2e/${platform.options.runId}/`);
  }
}

// ——— set-up ———————————————————————————————————————————————————————————————————————————————————————————————

async function assertPortsFree(base: number, count: number): Promise<void> {
  for (let port = base; port < base + count; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) throw new Error(`port ${port} is in use; set BASE_PORT to a free range of ${count} ports`);
  }
}

/** The platform, not yet started (so that a failed start still stops what did start). */
async function createPlatform(): Promise<BenchPlatform> {
  const servers = await testServers();
  return new BenchPlatform({
    runId: uniqueName('bench-pipeline'),
    kafkaBrokers: servers.kafkaBrokers,
    mongoUrl: servers.mongoUrl,
    redisUrl: servers.redisUrl,
    basePort: settings.basePort,
    kafkaSasl: servers.kafkaSasl,
  });
}

/** Ctrl-C or SIGTERM still stops the services. */
function stopOnSignal(platform: Platform): { dispose: () => void } {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the services\n`);
    void platform.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** A purchased item needs a provider under contract for the township; a department item needs none. */
async function contractFor(platform: Platform, officer: string, itemCode: string): Promise<void> {
  const year = new Date().getUTCFullYear();
  const contract = await call('POST', platform.url('referral', '/contracts'), officer, {
    providerId: 'bench-provider',
    providerName: '池州市压测社会工作服务中心',
    region: 'chizhou',
    itemCodes: [itemCode],
    townships: [TOWNSHIP],
    monthlyCapacity: 100_000,
    validFrom: `${year}-01-01`,
    validTo: `${year + 1}-12-31`,
  });
  if (contract.status === 400 && contract.body.code === 'not_purchasable') return;
  if (contract.status !== 201) throw new Error(`registering the contract failed: ${JSON.stringify(contract.body)}`);
}

// ——— phase 0: Kafka alone ————————————————————————————————————————————————————————————————————————————————

interface AnchorReport {
  offeredPerSecond: number;
  produced: number;
  consumed: number;
  produceErrors: number;
  messagesPerSecond: number;
  latencyMs: Distribution;
  producerLatenessMs: Distribution;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  wallSeconds: number;
}

async function anchorPhase(kafka: ReturnType<typeof benchKafka>, prefix: string): Promise<{ report: AnchorReport }> {
  out(`\nphase 0 · Kafka anchor: ${settings.anchorMessages} messages of 1.5 KB at ${settings.anchorRate}/s`);
  const clock = new PhaseClock();
  const result = await kafkaAnchor(kafka, {
    topic: `${prefix}bench.anchor`,
    groupId: `${prefix}bench-anchor`,
    messages: settings.anchorMessages,
    perSecond: settings.anchorRate,
    messageBytes: ANCHOR_MESSAGE_BYTES,
    tickMs: ANCHOR_TICK_MS,
  });
  const report: AnchorReport = {
    offeredPerSecond: settings.anchorRate,
    produced: result.produced,
    consumed: result.consumed,
    produceErrors: result.produceErrors,
    messagesPerSecond: round(result.messagesPerSecond),
    latencyMs: distribution(result.latencies),
    producerLatenessMs: distribution(result.lateness),
    ...clock.end(),
  };
  out(`  produced ${report.produced}, consumed ${report.consumed}, produce errors ${report.produceErrors}`);
  const limited =
    report.messagesPerSecond >= 0.95 * report.offeredPerSecond ? ', i.e. kept up: a floor, not a ceiling' : '';
  out(`  ${report.messagesPerSecond} msg/s produce → consume (offered ${report.offeredPerSecond}/s${limited})`);
  out(`  produce → consume ${ms(report.latencyMs)}`);
  printLoad(report);
  return { report };
}

// ——— phase 1: intake ———————————————————————————————————————————————————————————————————————————————————————

/** What the services answer: a created case, or an error (code, detail). */
type ApiBody = { caseId?: string; status?: string; code?: string; detail?: string };

interface IntakeReport {
  offered: number;
  offeredPerSecond: number;
  accepted: number;
  merged: number;
  outcomes: Record<string, number>;
  errorSamples: string[];
  httpLatencyMs: Distribution;
  clientLatenessMs: Distribution;
  sentToCaseOpenedMs: Distribution;
  casesOpened: number;
  sustainedCasesPerSecond: number | null;
  missingCaseOpened: number;
  /** CPU milliseconds per case opened, by process (services, servers, the benchmark). */
  cpuMsPerCase: Record<string, number>;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  wallSeconds: number;
}

interface OpenedCase {
  caseId: string;
}

const DATA_DIR = process.env.CARELINK_DATA ?? resolve(__dirname, '../.data');

function servicePids(platform: Platform): Map<string, number | undefined> {
  return new Map([...platform.processes].map(([name, child]) => [name, child.pid]));
}

function perCase(used: Record<string, number>, cases: number): Record<string, number> {
  return Object.fromEntries(Object.entries(used).map(([k, v]) => [k, round(v / Math.max(cases, 1))]));
}

async function intakePhase(
  platform: Platform,
  client: JsonClient,
  opened: EventWatcher,
): Promise<{ report: IntakeReport; openedCases: OpenedCase[] }> {
  const offered = Math.round(settings.rate * settings.seconds);
  out(`\nphase 1 · intake: ${offered} new residents at ${settings.rate}/s for ${settings.seconds} s, open loop`);
  const clock = new PhaseClock();
  const cpu = new CpuMeter(() => platformProcesses(servicePids(platform), DATA_DIR));
  const url = platform.url('intake', '/requests');
  const pending: Promise<HttpOutcome<ApiBody>>[] = [];
  const lateness = await openLoop(offered, settings.rate, (i) => {
    pending.push(client.post<ApiBody>(url, windowRequest(i, settings.item), { 'idempotency-key': randomUUID() }));
  });
  const results = await Promise.all(pending);
  const created = results.filter((r) => r.outcome === 201 && r.body?.caseId);
  const missing = await opened.waitFor(
    created.map((r) => r.body!.caseId!),
    EVENT_WAIT_MS,
  );
  const openedCases = created.filter((r) => opened.arrivals.has(r.body!.caseId!));
  const arrivals = openedCases.map((r) => opened.arrivals.get(r.body!.caseId!)!);
  const firstSent = results.reduce((min, r) => Math.min(min, r.sentAt), Infinity);
  const lastOpened = arrivals.length ? arrivals.reduce((max, a) => Math.max(max, a), 0) : undefined;
  const report: IntakeReport = {
    offered,
    offeredPerSecond: settings.rate,
    accepted: results.filter((r) => isSuccess(r.outcome)).length,
    merged: results.filter((r) => r.outcome === 200).length,
    outcomes: countOutcomes(results.map((r) => r.outcome)),
    errorSamples: errorSamples(results),
    httpLatencyMs: distribution(results.filter((r) => typeof r.outcome === 'number').map((r) => r.latencyMs)),
    clientLatenessMs: distribution(lateness),
    sentToCaseOpenedMs: distribution(openedCases.map((r) => opened.arrivals.get(r.body!.caseId!)! - r.sentAt)),
    casesOpened: openedCases.length,
    sustainedCasesPerSecond:
      lastOpened === undefined ? null : round(openedCases.length / ((lastOpened - firstSent) / 1000)),
    missingCaseOpened: missing.length,
    cpuMsPerCase: perCase(cpu.used(), openedCases.length),
    ...clock.end(),
  };
  printIntake(report);
  return { report, openedCases: openedCases.map((r) => ({ caseId: r.body!.caseId! })) };
}

function printIntake(r: IntakeReport): void {
  const failures = Object.entries(r.outcomes).filter(([k]) => !/^2\d\d$/.test(k));
  out(`  offered ${r.offered}, accepted (2xx) ${r.accepted}${r.merged ? ` (of which merged ${r.merged})` : ''}`);
  out(`  errors: ${failures.length ? failures.map(([k, n]) => `${k}: ${n}`).join(', ') : 'none'}`);
  for (const sample of r.errorSamples) out(`    e.g. ${sample}`);
  out(`  HTTP ${ms(r.httpLatencyMs)}   (client send lateness p99 ${r.clientLatenessMs.p99} ms)`);
  out(`  request sent → case.opened ${ms(r.sentToCaseOpenedMs)}`);
  out(
    `  ${r.casesOpened} cases opened, sustained ${r.sustainedCasesPerSecond} cases/s, missing ${r.missingCaseOpened}`,
  );
  const total = Object.entries(r.cpuMsPerCase).reduce((a, [k, v]) => (k === 'bench' ? a : a + v), 0);
  out(
    `  CPU ms per case opened: ${round(total)} in all (the machine has ${cpus().length * 1000} CPU ms a second) — ` +
      Object.entries(r.cpuMsPerCase)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
  );
  printLoad(r);
}

// ——— phase 2: approvals ———————————————————————————————————————————————————————————————————————————————————

interface ApprovalReport {
  requested: number;
  cases: number;
  investigated: number;
  investigationFailures: number;
  investigationSeconds: number;
  offeredPerSecond: number;
  decisionOutcomes: Record<string, number>;
  errorSamples: string[];
  decisionHttpMs: Distribution;
  decisionToReferralCreatedMs: Distribution;
  referralsCreated: number;
  missingReferralCreated: number;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  wallSeconds: number;
}

async function approvalPhase(
  platform: Platform,
  client: JsonClient,
  clerk: string,
  openedCases: OpenedCase[],
  referred: EventWatcher,
): Promise<{ report: ApprovalReport }> {
  const chosen = openedCases.slice(0, settings.approvals);
  out(
    `\nphase 2 · approvals: ${chosen.length} cases (of ${settings.approvals} asked for) at ${settings.approvalRate}/s`,
  );
  const clock = new PhaseClock();
  const investigationStart = performance.now();
  const { investigated, failures } = await investigateAll(platform, clerk, chosen);
  const investigationSeconds = round((performance.now() - investigationStart) / 1000);
  out(
    `  ${investigated.length} investigated in ${investigationSeconds} s (not timed below), ${failures.length} failed`,
  );
  for (const f of failures.slice(0, 3)) out(`    e.g. ${f}`);

  const pending: Promise<HttpOutcome<ApiBody>>[] = [];
  await openLoop(investigated.length, settings.approvalRate, (i) => {
    const caseId = investigated[i]!.caseId;
    pending.push(
      client.post<ApiBody>(platform.url('assessment', `/cases/${caseId}/decisions`), {
        items: [{ itemCode: settings.item, approve: true }],
        missingDocumentsReason: '材料原件已入户查验，复印件补交中',
      }),
    );
  });
  const results = await Promise.all(pending);
  const decided = results.flatMap((r, i) => (r.outcome === 201 ? [{ caseId: investigated[i]!.caseId, r }] : []));
  const missing = await referred.waitFor(
    decided.map((d) => d.caseId),
    EVENT_WAIT_MS,
  );
  const delays = decided
    .filter((d) => referred.arrivals.has(d.caseId))
    .map((d) => referred.arrivals.get(d.caseId)! - d.r.sentAt);
  const report: ApprovalReport = {
    requested: settings.approvals,
    cases: chosen.length,
    investigated: investigated.length,
    investigationFailures: failures.length,
    investigationSeconds,
    offeredPerSecond: settings.approvalRate,
    decisionOutcomes: countOutcomes(results.map((r) => r.outcome)),
    errorSamples: errorSamples(results),
    decisionHttpMs: distribution(results.filter((r) => typeof r.outcome === 'number').map((r) => r.latencyMs)),
    decisionToReferralCreatedMs: distribution(delays),
    referralsCreated: delays.length,
    missingReferralCreated: missing.length,
    ...clock.end(),
  };
  printApprovals(report);
  return { report };
}

/** Assigns the team and records the home investigation of each case, a few at a time. */
async function investigateAll(
  platform: Platform,
  clerk: string,
  cases: OpenedCase[],
): Promise<{ investigated: OpenedCase[]; failures: string[] }> {
  const investigated: OpenedCase[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      try {
        await investigate(platform, c.caseId, { token: clerk, staffId: 'bench-clerk', office: TOWNSHIP });
        investigated.push(c);
      } catch (err) {
        failures.push(`${c.caseId}: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: INVESTIGATION_CONCURRENCY }, worker));
  return { investigated, failures };
}

function printApprovals(r: ApprovalReport): void {
  out(`  decisions: ${JSON.stringify(r.decisionOutcomes)}`);
  for (const sample of r.errorSamples) out(`    e.g. ${sample}`);
  out(`  decision HTTP ${ms(r.decisionHttpMs)}`);
  out(`  decision POST → referral.created ${ms(r.decisionToReferralCreatedMs)}`);
  out(`  ${r.referralsCreated} referrals created, missing ${r.missingReferralCreated}`);
  printLoad(r);
}

// ——— reporting ————————————————————————————————————————————————————————————————————————————————————————————

function ratios(anchor: AnchorReport, intake: IntakeReport, approvals: ApprovalReport) {
  return {
    caseOpenedP50OverKafkaP50: ratio(intake.sentToCaseOpenedMs.p50, anchor.latencyMs.p50),
    caseOpenedP99OverKafkaP99: ratio(intake.sentToCaseOpenedMs.p99, anchor.latencyMs.p99),
    referralCreatedP50OverKafkaP50: ratio(approvals.decisionToReferralCreatedMs.p50, anchor.latencyMs.p50),
    referralCreatedP99OverKafkaP99: ratio(approvals.decisionToReferralCreatedMs.p99, anchor.latencyMs.p99),
    sustainedCasesPerSecondOverAnchorMessagesPerSecond: ratio(
      intake.sustainedCasesPerSecond,
      anchor.messagesPerSecond,
      4,
    ),
  };
}

function printRatios(r: ReturnType<typeof ratios>): void {
  out('\nagainst the anchor (same broker, same run; each pipeline path crosses Kafka twice):');
  out(`  case.opened p50 / Kafka p50 = ${r.caseOpenedP50OverKafkaP50}, p99 / p99 = ${r.caseOpenedP99OverKafkaP99}`);
  out(
    `  referral.created p50 / Kafka p50 = ${r.referralCreatedP50OverKafkaP50}, p99 / p99 = ${r.referralCreatedP99OverKafkaP99}`,
  );
  out(`  sustained cases/s / anchor msg/s = ${r.sustainedCasesPerSecondOverAnchorMessagesPerSecond}`);
}

function printLoad(r: { loadAverageStart: number[]; loadAverageEnd: number[]; wallSeconds: number }): void {
  out(`  load average ${r.loadAverageStart.join(' ')} → ${r.loadAverageEnd.join(' ')} over ${r.wallSeconds} s`);
}

const ms = (d: Distribution) => `p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms (n=${d.count})`;

/** Up to five distinct failures, as status and the service's error code or message. */
function errorSamples(results: HttpOutcome<ApiBody>[]): string[] {
  const samples = new Set<string>();
  for (const r of results) {
    if (isSuccess(r.outcome)) continue;
    samples.add(`${r.outcome} ${r.body?.code ?? r.body?.detail ?? r.error ?? ''}`.trim());
    if (samples.size === 5) break;
  }
  return [...samples];
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
