/**
 * Load model: what a province (2–5 million people in assistance) and the country (≈ 40 million, ≈ 6 million
 * visits a month) need — Kafka partitions per topic and brokers, service replicas, MongoDB shards — from the
 * plan's numbers and the per-node throughputs measured on this 2-vCPU machine. No servers: arithmetic only,
 * every step printed so a reader can check it. docs/ARCHITECTURE.md quotes what it prints with its defaults.
 *
 *   npx tsx bench/load-model.ts                            # province 2 M and 5 M, country 40 M
 *   npx tsx bench/load-model.ts --people 3000000 --peak-factor 8
 *   npx tsx bench/load-model.ts --help                     # every input, its default and where it comes from
 *   npx tsx bench/load-model.ts --json                     # the result as JSON
 *
 * The flow of a request (which events, which consumer groups handle or skip them, how many driver commands each
 * step makes) is written out below from the services' subscriptions and docs/QUERIES.md; a topic added to the
 * registry without a line here stops the script.
 */
import { parseArgs } from 'node:util';
import { departmentReferralsTopic, topics, type TopicKey } from '../libs/contracts/src/topics';

type Kind = 'plan' | 'measured' | 'assumed';
interface Input {
  value: number;
  kind: Kind;
  unit: string;
  source: string;
}

/** Every number the model starts from. Each is a flag: `--peak-factor 8`. */
const INPUTS = {
  'visits-per-person-month': {
    value: 6_000_000 / 40_000_000,
    kind: 'plan',
    unit: 'visits',
    source: '6,000,000 visits a month ÷ 40,000,000 people (issue 16)',
  },
  'requests-per-person-year': {
    value: 1,
    kind: 'assumed',
    unit: 'requests',
    source: 'each person asks, or is re-assessed, once a year',
  },
  'peak-factor': {
    value: 5,
    kind: 'assumed',
    unit: '×',
    source: 'the busiest hour against the average working hour',
  },
  'working-days': {
    value: 250,
    kind: 'assumed',
    unit: 'days/year',
    source: '365 − 104 weekend days − 11 public holidays (make-up days aside)',
  },
  'working-hours': {
    value: 8,
    kind: 'assumed',
    unit: 'h/day',
    source: 'requests and visits recorded in office hours (conservative for visits)',
  },
  'referrals-per-request': {
    value: 1.5,
    kind: 'assumed',
    unit: 'referrals',
    source: 'approved items per request after duplicate items are merged',
  },
  'department-share': {
    value: 0.5,
    kind: 'assumed',
    unit: 'of referrals',
    source: 'basic public services routed to departments; the rest to contracted providers',
  },
  'decisions-per-request': {
    value: 1.5,
    kind: 'assumed',
    unit: 'decisions',
    source: 'Chizhou: township review; Changji: township review + county approval',
  },
  'complaints-per-request': { value: 0.02, kind: 'assumed', unit: 'complaints', source: '2 per 100 requests' },
  'status-changes-per-person-year': {
    value: 0.2,
    kind: 'assumed',
    unit: 'changes',
    source: 'registers report 低保/特困 status changes (dynamic management)',
  },
  'bytes-per-event': {
    value: 1027,
    kind: 'measured',
    unit: 'B',
    source: 'on disk, batch overhead included: 72,826 records of the local broker’s test and bench runs',
  },
  'years-online': { value: 5, kind: 'assumed', unit: 'years', source: 'records kept in MongoDB before archiving' },
  'shard-data-gb': {
    value: 1000,
    kind: 'assumed',
    unit: 'GB',
    source: 'data per shard replica set (restore and initial sync in hours)',
  },
  'cores-per-node': {
    value: 2,
    kind: 'assumed',
    unit: 'vCPU',
    source: 'a Kafka broker node, sized like the machine of the measurements (capacity taken as linear in cores)',
  },
  'vcpu-per-replica': {
    value: 1,
    kind: 'assumed',
    unit: 'vCPU',
    source: 'a service replica is one Node.js process: JavaScript runs on one thread',
  },
  'db-cores-per-node': {
    value: 8,
    kind: 'assumed',
    unit: 'vCPU',
    source: 'a MongoDB shard primary (database nodes are sized larger than service nodes)',
  },
  'target-utilisation': {
    value: 0.5,
    kind: 'assumed',
    unit: 'of CPU',
    source: 'busy at the peak hour; one replica can fail and bursts fit',
  },
  'partition-headroom': {
    value: 2,
    kind: 'assumed',
    unit: '×',
    source: 'partitions per consumer replica: a count cannot shrink, and growing it moves keys',
  },
  'people-per-region': {
    value: 120_000,
    kind: 'assumed',
    unit: 'people',
    source: 'a region (prefecture/city pack): 40 M ÷ 333 prefecture-level divisions',
  },
  'departments-per-region': {
    value: 12,
    kind: 'assumed',
    unit: 'departments',
    source: 'receiving departments a region may name (DOMAIN.md lists 12; the packs name 6 and 8)',
  },
  'partition-replicas-per-broker': {
    value: 4000,
    kind: 'assumed',
    unit: 'replicas',
    source: "Kafka's long-standing guidance for partition replicas per broker",
  },
  replication: { value: 3, kind: 'plan', unit: 'copies', source: 'Kafka replication factor (min.insync.replicas 2)' },
  'min-replicas': {
    value: 2,
    kind: 'assumed',
    unit: 'replicas',
    source: 'every service on MongoDB (one may fail or restart)',
  },
  'kafka-msgs-per-s': {
    value: 6600,
    kind: 'measured',
    unit: 'msg/s',
    source: 'raw kafkajs produce → consume on one broker (npm run bench:pipeline anchor)',
  },
  'pipeline-cases-per-s': {
    value: 39.6,
    kind: 'measured',
    unit: 'cases/s',
    source: 'intake pipeline sustained per 2-vCPU box, all services + FerretDB + PostgreSQL on it (bench:pipeline)',
  },
  'ms-per-case': {
    value: 43,
    kind: 'measured',
    unit: 'ms/case',
    source: 'CPU per case summed over every process (bench:pipeline)',
  },
  'ms-intake': { value: 12.1, kind: 'measured', unit: 'ms/case', source: 'CPU of intake per case (bench:pipeline)' },
  'ms-ferretdb': { value: 11.6, kind: 'measured', unit: 'ms/case', source: 'CPU of FerretDB per case' },
  'ms-postgres': { value: 8.4, kind: 'measured', unit: 'ms/case', source: 'CPU of PostgreSQL per case' },
  'ms-assessment': { value: 4.3, kind: 'measured', unit: 'ms/case', source: 'CPU of assessment per case' },
  'ms-complaints': { value: 2.7, kind: 'measured', unit: 'ms/case', source: 'CPU of complaints per case' },
  'ms-referral': { value: 1.2, kind: 'measured', unit: 'ms/case', source: 'CPU of referral per case' },
  'ms-kafka': { value: 1.1, kind: 'measured', unit: 'ms/case', source: 'CPU of the Kafka broker per case' },
  'webhook-deliveries-per-s': {
    value: 38,
    kind: 'measured',
    unit: '/s',
    source: 'department webhook deliveries, one referral process on the 2-vCPU box (npm run bench:webhooks)',
  },
  'ms-per-command': {
    value: 0.8,
    kind: 'measured',
    unit: 'ms',
    source: 'client CPU of one MongoDB driver command',
  },
} satisfies Record<string, Input>;

type InputName = keyof typeof INPUTS;
type Values = Record<InputName, number>;

/** Average BSON size of a document, measured on the local test and bench databases (one sample per collection). */
const DOCUMENT_BYTES = {
  requests: 828,
  persons: 431,
  cases: 906,
  needsLedger: 318,
  referrals: 1219,
  referralEventLog: 1470,
  assignments: 575,
  visits: 578,
  accruals: 635,
  complaints: 1050,
  inbox: 180,
};

const DEFAULT_PEOPLE = [2_000_000, 5_000_000, 40_000_000];
/** The machine every measurement above was taken on. */
const MEASURED_VCPU = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------------------------
// The flow, written out from the code. Units: what one of each happens per.

type Unit = 'request' | 'referral' | 'departmentReferral' | 'purchasedReferral' | 'decision' | 'visit' | 'complaint';
type Rates = Record<Unit | 'statusChange', number>;

type Service = 'intake' | 'assessment' | 'referral' | 'provider-scheduling' | 'settlement' | 'complaints';
const SERVICES: Service[] = ['intake', 'assessment', 'referral', 'provider-scheduling', 'settlement', 'complaints'];

/** An event produced, on the topic that carries it. */
interface Flow {
  topic: TopicKey | 'department';
  type: string;
  per: Unit | 'statusChange';
  count: number;
}

const FLOWS: Flow[] = [
  { topic: 'intakeRequests', type: 'request.registered.v3', per: 'request', count: 1 },
  { topic: 'intakeRequests', type: 'request.acknowledged.v1', per: 'request', count: 1 },
  // Every request is taken to come with consent to share the contact (the bot and the window ask for it).
  { topic: 'contactShares', type: 'contact.shared.v1', per: 'request', count: 1 },
  { topic: 'registryStatus', type: 'registry.status.changed.v1', per: 'statusChange', count: 1 },
  { topic: 'assessmentCases', type: 'case.opened.v1', per: 'request', count: 1 },
  { topic: 'assessmentCases', type: 'investigation.assigned.v1', per: 'request', count: 1 },
  { topic: 'assessmentCases', type: 'investigation.recorded.v1', per: 'request', count: 1 },
  { topic: 'assessmentCases', type: 'eligibility.decided.v2', per: 'request', count: 1 },
  { topic: 'referrals', type: 'referral.created.v1', per: 'referral', count: 1 },
  // … and v3 beside it (the receiver by kind and the delivery mode).
  { topic: 'referrals', type: 'referral.created.v3', per: 'referral', count: 1 },
  { topic: 'referrals', type: 'referral.received.v1', per: 'departmentReferral', count: 1 },
  { topic: 'referrals', type: 'referral.accepted.v1', per: 'referral', count: 1 },
  { topic: 'referrals', type: 'referral.started.v1', per: 'referral', count: 1 },
  { topic: 'referrals', type: 'referral.completed.v1', per: 'referral', count: 1 },
  // The same five events again, on the receiving department's own topic.
  { topic: 'department', type: 'referral.*.v1', per: 'departmentReferral', count: 5 },
  // … and on its .v2 topic (referral.created.v2 with the consented contact), written by referral-webhooks.
  { topic: 'department', type: 'referral.*.v2', per: 'departmentReferral', count: 5 },
  { topic: 'visits', type: 'assignment.accepted.v1', per: 'purchasedReferral', count: 1 },
  { topic: 'visits', type: 'visit.scheduled.v1', per: 'visit', count: 1 },
  { topic: 'visits', type: 'visit.delivered.v1', per: 'visit', count: 1 },
  { topic: 'settlementAccruals', type: 'settlement.accrued.v1', per: 'visit', count: 1 },
  { topic: 'complaints', type: 'complaint.received.v1', per: 'complaint', count: 1 },
  { topic: 'complaints', type: 'complaint.transitioned.v1', per: 'complaint', count: 5 },
  { topic: 'complaints', type: 'complaint.rated.v1', per: 'complaint', count: 1 },
  { topic: 'providerScores', type: 'provider.score.updated.v1', per: 'complaint', count: 1 },
  { topic: 'deadLetters', type: 'message.deadlettered.v1', per: 'request', count: 0 },
];

/** The consumer groups reading each topic (from the services' subscriptions), and whose replicas they are. */
interface Group {
  name: string;
  service: Service | 'bots' | 'departments';
}
/** A service's own consumer group, named after it. */
const own = (service: Service): Group => ({ name: service, service });
const BOT: Group = { name: 'telegram-bot', service: 'bots' };
const GROUPS: Record<TopicKey | 'department', Group[]> = {
  intakeRequests: [own('assessment'), own('complaints'), BOT],
  contactShares: [own('referral')],
  registryStatus: [own('assessment')],
  assessmentCases: [
    own('referral'),
    own('intake'),
    own('assessment'),
    own('provider-scheduling'),
    own('settlement'),
    BOT,
  ],
  // Service numbers issued and effect evaluations (一人一档): read by nobody yet.
  personFiles: [],
  referrals: [
    own('provider-scheduling'),
    own('intake'),
    own('assessment'),
    own('settlement'),
    { name: 'referral-webhooks', service: 'referral' },
    BOT,
  ],
  department: [{ name: 'dept-<region>-<code>', service: 'departments' }],
  contracts: [own('complaints')],
  visits: [own('settlement'), own('referral'), own('intake'), own('assessment'), BOT],
  // Worker registrations and training (no personal data): read by nobody yet.
  workers: [],
  // Neighbours and their counted visits (邻里互助): settlement's yearly neighbour subsidy.
  neighbourHelp: [own('settlement')],
  // Doorbell alerts (爱心门铃): the bot alerts the neighbours' chats.
  doorbellAlerts: [BOT],
  settlementAccruals: [],
  // Statement states (confirmed, approved, paid): read by nobody yet.
  settlementStatements: [],
  // Spot-check samples and results: read by nobody yet.
  settlementSpotChecks: [],
  complaints: [own('complaints'), own('settlement'), own('assessment'), BOT],
  providerScores: [own('referral')],
  deadLetters: [],
};

/**
 * The work each service does: HTTP use cases, events its groups handle, and parts of a handler that repeat per
 * unit (one referral of a decision). `commands`: MongoDB driver commands each, from docs/QUERIES.md — a commit is
 * 4 (read, write, the relay's read and settle), the inbox 2 (seen, remember).
 */
interface Work {
  service: Service;
  what: string;
  kind: 'http' | 'event' | 'part' | 'webhook';
  /**
   * For `event`: the group and the event type it handles (every other type on the topic is skipped); for `part`:
   * the handling it is part of (`referral.*.v1`: any event of the referrals topic).
   */
  group?: string;
  type?: string;
  per: Unit | 'statusChange';
  count: number;
  commands: number;
  /** Whether the commands include the inbox's two (its documents are kept as long as the topic keeps events). */
  inbox?: boolean;
}

type Per = Work['per'];
/** An HTTP use case (a staff, provider or channel action). */
const http = (service: Service, what: string, per: Per, count: number, commands: number): Work => ({
  service,
  what,
  kind: 'http',
  per,
  count,
  commands,
});
/** An event type a consumer group handles; `inbox`: its commands include the inbox's two. */
const handles = (
  service: Service,
  group: string,
  type: string,
  per: Per,
  count: number,
  commands: number,
  what: string,
  inbox = true,
): Work => ({ service, what: `${what} (${type})`, kind: 'event', group, type, per, count, commands, inbox });
/** Work inside a handler that repeats per unit (each referral of one decision). */
const part = (service: Service, group: string, type: string, per: Per, count: number, commands: number, what: string) =>
  ({ service, what, kind: 'part', group, type, per, count, commands }) satisfies Work;

const WORK: Work[] = [
  http('intake', 'POST /requests', 'request', 1, 5),
  http('intake', 'POST /registry/status-changes', 'statusChange', 1, 4),
  // Resident progress: a read and an update of the request, plus the inbox.
  ...(
    [
      ['investigation.assigned.v1', 'request'],
      ['investigation.recorded.v1', 'request'],
      ['referral.created.v1', 'referral'],
      ['referral.completed.v1', 'referral'],
      ['visit.scheduled.v1', 'visit'],
      ['visit.delivered.v1', 'visit'],
    ] as const
  ).map(([type, per]) => handles('intake', 'intake', type, per, 1, 4, 'progress')),
  handles('intake', 'intake', 'eligibility.decided.v2', 'request', 1, 5, 'decided, progress'),

  handles('assessment', 'assessment', 'request.registered.v3', 'request', 1, 3, 'open a case', false),
  http('assessment', 'investigation team, investigation', 'request', 2, 4),
  http('assessment', 'decisions', 'decision', 1, 4),
  handles('assessment', 'assessment', 'investigation.recorded.v1', 'request', 1, 3, 'needs ledger'),
  handles('assessment', 'assessment', 'registry.status.changed.v1', 'statusChange', 1, 4, 'cases of the person'),

  handles('referral', 'referral', 'eligibility.decided.v2', 'request', 1, 2, 'referrals of a decision'),
  part('referral', 'referral', 'eligibility.decided.v2', 'referral', 1, 4, 'create a referral (commit)'),
  part('referral', 'referral', 'eligibility.decided.v2', 'purchasedReferral', 1, 9, 'route: contracts, loads, scores'),
  http('referral', 'department receipt, acceptance, start, completion', 'departmentReferral', 4, 4),
  http('referral', 'provider completion', 'purchasedReferral', 1, 4),
  handles('referral', 'referral', 'assignment.accepted.v1', 'purchasedReferral', 1, 6, 'accepted'),
  handles('referral', 'referral', 'visit.delivered.v1', 'visit', 1, 3, 'in progress?'),
  part('referral', 'referral', 'visit.delivered.v1', 'purchasedReferral', 1, 4, 'started on the first visit'),
  handles('referral', 'referral', 'provider.score.updated.v1', 'complaint', 1, 4, 'score'),
  handles('referral', 'referral', 'contact.shared.v1', 'request', 1, 3, 'keep the shared contact, sealed'),
  ...FLOWS.filter((f) => f.topic === 'referrals').map((f) =>
    handles('referral', 'referral-webhooks', f.type, f.per, f.count, 3, 'log for replay'),
  ),
  part('referral', 'referral-webhooks', 'referral.*.v1', 'departmentReferral', 5, 1, 'queue a department delivery'),
  part('referral', 'referral-webhooks', 'referral.created.v1', 'departmentReferral', 1, 1, 'read the shared contact'),
  { ...http('referral', 'deliver a webhook to the department', 'departmentReferral', 5, 3), kind: 'webhook' },

  handles('provider-scheduling', 'provider-scheduling', 'referral.created.v1', 'referral', 1, 2, 'offer?'),
  part(
    'provider-scheduling',
    'provider-scheduling',
    'referral.created.v1',
    'purchasedReferral',
    1,
    4,
    'offer (commit)',
  ),
  handles('provider-scheduling', 'provider-scheduling', 'referral.completed.v1', 'referral', 1, 3, 'close'),
  http('provider-scheduling', 'acceptance', 'purchasedReferral', 1, 4),
  http('provider-scheduling', 'schedule a visit, record its delivery', 'visit', 2, 4),

  handles('settlement', 'settlement', 'visit.delivered.v1', 'visit', 1, 6, 'accrue'),

  handles('complaints', 'complaints', 'request.registered.v3', 'request', 1, 1, 'remember the case', false),
  http('complaints', 'complaint, 5 transitions, rating', 'complaint', 7, 4),
  ...FLOWS.filter((f) => f.topic === 'complaints').map((f) =>
    handles('complaints', 'complaints', f.type, f.per, f.count, 4, 'time limits, scores'),
  ),
];

/** The collections that grow, with what one document is per and how long it stays. */
interface Collection {
  service: Service;
  name: string;
  bytes: number;
  per: Unit | 'person' | 'referralEvent';
  count: number;
  /** Kept this many days instead of `years-online` (the topic's retention: a TTL index on MongoDB). */
  keptDays?: number;
}
const COLLECTIONS: Collection[] = [
  { service: 'intake', name: 'requests', bytes: DOCUMENT_BYTES.requests, per: 'request', count: 1 },
  { service: 'intake', name: 'persons', bytes: DOCUMENT_BYTES.persons, per: 'person', count: 1 },
  { service: 'assessment', name: 'cases', bytes: DOCUMENT_BYTES.cases, per: 'request', count: 1 },
  { service: 'assessment', name: 'needs_ledger', bytes: DOCUMENT_BYTES.needsLedger, per: 'request', count: 1 },
  { service: 'referral', name: 'referrals', bytes: DOCUMENT_BYTES.referrals, per: 'referral', count: 1 },
  {
    service: 'referral',
    name: 'referral_event_log',
    bytes: DOCUMENT_BYTES.referralEventLog,
    per: 'referralEvent',
    count: 1,
    keptDays: topics.referrals.retentionMs / DAY_MS,
  },
  {
    service: 'provider-scheduling',
    name: 'assignments',
    bytes: DOCUMENT_BYTES.assignments,
    per: 'purchasedReferral',
    count: 1,
  },
  { service: 'provider-scheduling', name: 'visits', bytes: DOCUMENT_BYTES.visits, per: 'visit', count: 1 },
  { service: 'settlement', name: 'accruals', bytes: DOCUMENT_BYTES.accruals, per: 'visit', count: 1 },
  { service: 'complaints', name: 'complaints', bytes: DOCUMENT_BYTES.complaints, per: 'complaint', count: 1 },
];

// ---------------------------------------------------------------------------------------------------------------

interface Options {
  values: Values;
  people: number[];
  json: boolean;
}

function readOptions(argv: string[]): Options | undefined {
  const names = Object.keys(INPUTS) as InputName[];
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      people: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    out('npx tsx bench/load-model.ts [--people N ...] [--json] [--<input> value ...]');
    out(`  --people       people in assistance, one column each (default ${DEFAULT_PEOPLE.join(', ')}; plan)`);
    for (const n of names) {
      const i: Input = INPUTS[n];
      out(`  --${n.padEnd(31)} ${fmt(i.value).padStart(8)} ${i.unit.padEnd(12)} ${i.kind}: ${i.source}`);
    }
    return undefined;
  }
  const number = (name: string, raw: string): number => {
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number, not '${raw}'`);
    return v;
  };
  const chosen = {} as Values;
  for (const n of names) {
    const raw = (values as Record<string, unknown>)[n];
    chosen[n] = typeof raw === 'string' ? number(n, raw) : INPUTS[n].value;
  }
  const people = (values.people as string[] | undefined)?.map((p) => number('people', p)) ?? DEFAULT_PEOPLE;
  return { values: chosen, people, json: Boolean(values.json) };
}

/** Unit costs derived from the measurements; `how` says how, with the numbers. */
function unitCosts(v: Values) {
  // Per case in bench:pipeline: assessment handled request.registered (3 commands) and skipped
  // request.acknowledged; complaints handled it (1 command) and skipped the same; referral only skipped
  // case.opened; intake served POST /requests (5 commands) and skipped case.opened.
  const skipMs = v['ms-referral'];
  const perCommandFit = (v['ms-assessment'] - v['ms-complaints']) / (3 - 1);
  const eventBaseMs = v['ms-assessment'] - skipMs - 3 * v['ms-per-command'];
  const httpMs = v['ms-intake'] - skipMs;
  const commandsPerCase = 5 + 3 + 1;
  const dbMsPerCommand = (v['ms-ferretdb'] + v['ms-postgres']) / commandsPerCase;
  const boxMs = MEASURED_VCPU * 1000;
  // One referral process (one JavaScript thread) delivered that many a second: a delivery costs it at most this.
  const webhookMs = 1000 / v['webhook-deliveries-per-s'];
  const listedPerCase =
    v['ms-intake'] +
    v['ms-ferretdb'] +
    v['ms-postgres'] +
    v['ms-assessment'] +
    v['ms-complaints'] +
    v['ms-referral'] +
    v['ms-kafka'];
  const cpuPerCase = v['ms-per-case'];
  const fullBoxCases = boxMs / cpuPerCase;
  return {
    skipMs,
    eventBaseMs,
    perCommandMs: v['ms-per-command'],
    httpMs,
    dbMsPerCommand,
    webhookMs,
    cpuPerCase,
    fullBoxCases,
    how: [
      `skipped event (fetched, decoded, not handled) = referral's ${v['ms-referral']} ms per case (it only skips case.opened)`,
      `handled event = base + c × driver commands:`,
      `  assessment ${v['ms-assessment']} = skip ${skipMs} + base + 3 c;  complaints ${v['ms-complaints']} = skip ${skipMs} + base + 1 c`,
      `  c = (${v['ms-assessment']} − ${v['ms-complaints']}) ÷ 2 = ${fmt(perCommandFit)} ms (the driver measurement: ${v['ms-per-command']}; ratio ${fmt(perCommandFit / v['ms-per-command'])})`,
      `  base = ${v['ms-assessment']} − ${skipMs} − 3 × ${v['ms-per-command']} = ${fmt(eventBaseMs)} ms`,
      `HTTP use case = intake ${v['ms-intake']} − skip ${skipMs} = ${fmt(httpMs)} ms (POST /requests, the heaviest: taken for every HTTP use case)`,
      `database CPU per command = (FerretDB ${v['ms-ferretdb']} + PostgreSQL ${v['ms-postgres']}) ÷ ${commandsPerCase} commands per case (intake 5, assessment 3, complaints 1) = ${fmt(dbMsPerCommand)} ms (an upper bound for mongod)`,
      `webhook delivery = 1000 ms ÷ ${v['webhook-deliveries-per-s']} /s = ${fmt(webhookMs)} ms (at most: one referral process, one thread, delivered ${v['webhook-deliveries-per-s']} /s)`,
      `check: CPU per case ${fmt(cpuPerCase)} ms (the processes above: ${fmt(listedPerCase)}) → ${fmt(boxMs)} ÷ ${fmt(cpuPerCase)} = ${fmt(fullBoxCases)} cases/s at full CPU; measured ${v['pipeline-cases-per-s']} → ${pct(v['pipeline-cases-per-s'] / fullBoxCases)} busy`,
    ],
  };
}

type Costs = ReturnType<typeof unitCosts>;

function model(v: Values, people: number, costs: Costs) {
  const workingSeconds = v['working-days'] * v['working-hours'] * 3600;
  const requestsPerYear = people * v['requests-per-person-year'];
  const visitsPerMonth = people * v['visits-per-person-month'];
  const avgRequests = requestsPerYear / workingSeconds;
  const avgVisits = (visitsPerMonth * 12) / workingSeconds;
  const rates = (requests: number, visits: number): Rates => {
    const referral = requests * v['referrals-per-request'];
    return {
      request: requests,
      referral,
      departmentReferral: referral * v['department-share'],
      purchasedReferral: referral * (1 - v['department-share']),
      decision: requests * v['decisions-per-request'],
      complaint: requests * v['complaints-per-request'],
      statusChange: (requests / v['requests-per-person-year']) * v['status-changes-per-person-year'],
      visit: visits,
    };
  };
  const avg = rates(avgRequests, avgVisits);
  const peak = rates(avgRequests * v['peak-factor'], avgVisits * v['peak-factor']);

  // Kafka: events per topic, consumer fetches, replication.
  const topicKeys = [...(Object.keys(topics) as TopicKey[]), 'department' as const];
  const kafkaTopics = topicKeys.map((key) => {
    const flows = FLOWS.filter((f) => f.topic === key);
    const peakPerS = sum(flows.map((f) => f.count * peak[f.per]));
    const avgPerS = sum(flows.map((f) => f.count * avg[f.per]));
    return { key, flows, groups: GROUPS[key], peakPerS, avgPerS };
  });
  const producedPeak = sum(kafkaTopics.map((t) => t.peakPerS));
  const fetchesPeak = sum(kafkaTopics.map((t) => t.peakPerS * t.groups.length));
  const replicationOps = producedPeak * (v.replication + (v.replication - 1));
  const kafkaOps = replicationOps + fetchesPeak;
  // The anchor wrote and read each message once on one broker of MEASURED_VCPU.
  const brokerOpsCapacity = 2 * v['kafka-msgs-per-s'] * (v['cores-per-node'] / MEASURED_VCPU);
  const brokersByLoad = Math.ceil(kafkaOps / (brokerOpsCapacity * v['target-utilisation']));
  /** What one service replica may use at the peak hour. */
  const replicaMs = v['vcpu-per-replica'] * 1000 * v['target-utilisation'];
  const brokersByLoadAndCopies = Math.max(v.replication, brokersByLoad);
  const retentionDays = (key: TopicKey | 'department') =>
    (key === 'department' ? topics.referrals.retentionMs : topics[key].retentionMs) / DAY_MS;
  const diskBytes = sum(
    kafkaTopics.map(
      (t) => t.avgPerS * workingSeconds * (retentionDays(t.key) / 365) * v['bytes-per-event'] * v.replication,
    ),
  );

  // Services: CPU at the peak hour.
  const msOf = (w: Work) =>
    w.kind === 'http'
      ? costs.httpMs
      : w.kind === 'event'
        ? costs.eventBaseMs + costs.perCommandMs * w.commands
        : w.kind === 'webhook'
          ? costs.webhookMs
          : costs.perCommandMs * w.commands;
  const handled = new Set(WORK.filter((w) => w.kind === 'event').map((w) => `${w.group}|${w.type}`));
  /** Events of a topic a group fetches and has no handler for, per second at the peak. */
  const skipped = (t: (typeof kafkaTopics)[number], group: string) =>
    sum(t.flows.filter((f) => !handled.has(`${group}|${f.type}`)).map((f) => f.count * peak[f.per]));
  const services = SERVICES.map((service) => {
    const lines = WORK.filter((w) => w.service === service).map((w) => {
      const perS = w.count * peak[w.per];
      const ms = msOf(w);
      return { what: w.what, kind: w.kind, perS, ms, cpuMsPerS: perS * ms, commandsPerS: perS * w.commands };
    });
    const skippedPerS = sum(
      kafkaTopics.flatMap((t) => t.groups.filter((g) => g.service === service).map((g) => skipped(t, g.name))),
    );
    const cpuMsPerS = sum(lines.map((l) => l.cpuMsPerS)) + skippedPerS * costs.skipMs;
    const webhookMsPerS = sum(lines.filter((l) => l.kind === 'webhook').map((l) => l.cpuMsPerS));
    const commandsPerS = sum(lines.map((l) => l.commandsPerS));
    const byCpu = Math.ceil(cpuMsPerS / replicaMs);
    return {
      service,
      lines,
      skippedPerS,
      cpuMsPerS,
      webhookMsPerS,
      commandsPerS,
      byCpu,
      replicas: Math.max(v['min-replicas'], byCpu),
    };
  });

  // Partitions: as many as the consumer replicas a topic's own work needs, times the headroom.
  const partitions = kafkaTopics.map((t) => {
    const today = t.key === 'department' ? departmentPartitions : topics[t.key].partitions;
    const types = new Set([...t.flows.map((f) => f.type), ...(t.key === 'referrals' ? ['referral.*.v1'] : [])]);
    const groupWork = t.groups
      .filter((g) => g.service !== 'bots' && g.service !== 'departments')
      .map((g) => {
        const work = WORK.filter((w) => w.group === g.name && w.type !== undefined && types.has(w.type));
        const cpuMsPerS = sum(work.map((w) => w.count * peak[w.per] * msOf(w))) + skipped(t, g.name) * costs.skipMs;
        return { group: g.name, cpuMsPerS, replicas: Math.ceil(cpuMsPerS / replicaMs) };
      });
    const busiest = groupWork.reduce((a, b) => (b.cpuMsPerS > a.cpuMsPerS ? b : a), {
      group: '—',
      cpuMsPerS: 0,
      replicas: 0,
    });
    const wanted =
      groupWork.length === 0
        ? today
        : roundUp(Math.max(brokersByLoadAndCopies, v['partition-headroom'] * busiest.replicas), brokersByLoadAndCopies);
    return { key: t.key, today, busiest, partitions: Math.max(today, wanted) };
  });
  // One topic per department of every region: at the country that is thousands of topics. Each carries a few
  // events a day, so when their partition replicas would crowd the brokers, one partition each (order per case
  // holds in one partition as in three).
  const departmentTopics = Math.ceil(people / v['people-per-region']) * v['departments-per-region'];
  const partitionReplicas = (departmentPartitionCount: number) =>
    (sum(partitions.filter((p) => p.key !== 'department').map((p) => p.partitions)) +
      departmentTopics * departmentPartitionCount) *
    v.replication;
  const department = partitions.find((p) => p.key === 'department')!;
  if (partitionReplicas(department.partitions) / brokersByLoadAndCopies > v['partition-replicas-per-broker'])
    department.partitions = 1;
  const brokersByPartitions = Math.ceil(partitionReplicas(department.partitions) / v['partition-replicas-per-broker']);
  const brokers = Math.max(brokersByLoadAndCopies, brokersByPartitions);
  const partitionReplicasPerBroker = partitionReplicas(department.partitions) / brokers;

  // MongoDB: commands, database CPU, data.
  const commandsPerS = sum(services.map((s) => s.commandsPerS));
  const dbCpuMsPerS = commandsPerS * costs.dbMsPerCommand;
  const shardsByCpu = Math.ceil(dbCpuMsPerS / (v['db-cores-per-node'] * 1000 * v['target-utilisation']));
  const perYear = (r: number) => r * workingSeconds; // r: average per second over working time
  const referralEventsPerS = sum(FLOWS.filter((f) => f.topic === 'referrals').map((f) => f.count * avg[f.per]));
  // An inbox entry matters while its event can come again: as long as its topic keeps events (a TTL on MongoDB).
  const inboxDocuments = sum(
    WORK.filter((w) => w.inbox).map((w) => perYear(w.count * avg[w.per]) * (retentionDays(topicOfType(w.type)) / 365)),
  );
  const collections = [
    ...COLLECTIONS.map((c) => {
      const documents =
        c.per === 'person'
          ? people
          : c.per === 'referralEvent'
            ? perYear(referralEventsPerS) * ((c.keptDays ?? 365) / 365)
            : perYear(c.count * avg[c.per]) * (c.keptDays ? c.keptDays / 365 : v['years-online']);
      return { name: `${c.service}.${c.name}`, documents, bytes: documents * c.bytes };
    }),
    { name: 'every service.inbox', documents: inboxDocuments, bytes: inboxDocuments * DOCUMENT_BYTES.inbox },
  ];
  const dataBytes = sum(collections.map((c) => c.bytes));
  const shardsByData = Math.ceil(dataBytes / (v['shard-data-gb'] * 1e9));
  const shards = Math.max(1, shardsByCpu, shardsByData);

  // BullMQ: timers per request (investigation reminder and overdue, decision limit, answer limit per referral,
  // two complaint limits) and one delivery pass per department event.
  const jobsPerS = 2 * peak.request + peak.decision + peak.referral + 2 * peak.complaint + 5 * peak.departmentReferral;

  return {
    people,
    workingSeconds,
    requestsPerYear,
    visitsPerMonth,
    avg,
    peak,
    kafka: {
      topics: kafkaTopics.map((t) => ({
        peakPerS: t.peakPerS,
        avgPerS: t.avgPerS,
        groups: t.groups.length,
        ...partitions.find((p) => p.key === t.key)!,
      })),
      producedPeak,
      fetchesPeak,
      replicationOps,
      ops: kafkaOps,
      brokerOpsCapacity,
      brokersByLoad,
      brokersByLoadAndCopies,
      brokersByPartitions,
      brokers,
      diskBytes,
      departmentTopics,
      partitionReplicasPerBroker,
    },
    services,
    mongo: { commandsPerS, dbCpuMsPerS, shardsByCpu, collections, dataBytes, shardsByData, shards },
    jobsPerS,
  };
}

/** Every department topic is made alike; any region and code give its partition count. */
const departmentPartitions = departmentReferralsTopic('region', 'code').partitions;

// ---------------------------------------------------------------------------------------------------------------
// Printing.

const out = (line = '') => process.stdout.write(`${line}\n`);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const roundUp = (n: number, step: number) => Math.ceil(n / step) * step;
const pct = (x: number) => `${Math.round(x * 100)} %`;

function fmt(n: number): string {
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : Math.abs(n) >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}
const gb = (bytes: number) => `${fmt(bytes / 1e9)} GB`;

type Result = ReturnType<typeof model>;

function table(title: string, results: Result[], rows: [string, (r: Result) => string][]): void {
  out(`${title.padEnd(60)}${results.map((r) => `${fmt(r.people / 1e6)} M people`.padStart(16)).join('')}`);
  for (const [label, cell] of rows) out(`  ${label.padEnd(58)}${results.map((r) => cell(r).padStart(16)).join('')}`);
}

function print(v: Values, costs: Costs, results: Result[]): void {
  const last = results[results.length - 1]!;
  const P = fmt(last.people);
  out('carelink load model: a province and the country, from the plan and this machine’s measurements');
  out('(every input is a flag: --help lists them with their sources; --json prints the result)');
  out();
  out('Inputs');
  out(`  plan      people in assistance               ${results.map((r) => fmt(r.people)).join(' | ')}`);
  for (const [name, input] of Object.entries(INPUTS) as [InputName, Input][]) {
    const changed = v[name] !== input.value ? ' (set by flag)' : '';
    out(
      `  ${input.kind.padEnd(9)} ${name.padEnd(32)} ${fmt(v[name]).padStart(9)} ${input.unit.padEnd(12)} ${input.source}${changed}`,
    );
  }
  out();
  out('Unit costs, derived');
  for (const line of costs.how) out(`  ${line}`);
  out();

  table('Load', results, [
    ['requests a year', (r) => fmt(r.requestsPerYear)],
    ['visits a month', (r) => fmt(r.visitsPerMonth)],
    ['requests /s, working-hour average', (r) => fmt(r.avg.request)],
    ['requests /s, peak hour', (r) => fmt(r.peak.request)],
    ['visits /s, peak hour', (r) => fmt(r.peak.visit)],
    ['referrals /s, peak hour', (r) => fmt(r.peak.referral)],
    ['boxes like this one for registration alone', (r) => fmt(r.peak.request / v['pipeline-cases-per-s'])],
  ]);
  out(
    `  how (${P}): ${P} × ${v['requests-per-person-year']} request ÷ (${v['working-days']} days × ${v['working-hours']} h × 3600 s) = ${fmt(last.avg.request)} /s; × peak ${v['peak-factor']} = ${fmt(last.peak.request)} /s; ÷ ${v['pipeline-cases-per-s']} cases/s per box = ${fmt(last.peak.request / v['pipeline-cases-per-s'])}`,
  );
  out(
    `  how (${P}): ${P} × ${fmt(v['visits-per-person-month'])} visits × 12 ÷ ${fmt(last.workingSeconds)} s × ${v['peak-factor']} = ${fmt(last.peak.visit)} visits/s`,
  );
  out();

  table(
    'Kafka: events /s at the peak hour',
    results,
    last.kafka.topics.map((t) => [topicName(t.key), (r) => fmt(r.kafka.topics.find((x) => x.key === t.key)!.peakPerS)]),
  );
  out('  events per unit (from the code):');
  for (const f of FLOWS.filter((f) => f.count > 0))
    out(`    ${topicName(f.topic).padEnd(48)} ${f.type.padEnd(28)} ${fmt(f.count)} per ${f.per}`);
  table('Kafka: partitions (today → plan) and key', results, [
    ...last.kafka.topics.map((t): [string, (r: Result) => string] => [
      `${topicName(t.key)} [${keyOf(t.key)}]`,
      (r) => {
        const x = r.kafka.topics.find((y) => y.key === t.key)!;
        return `${x.today} → ${x.partitions}`;
      },
    ]),
  ]);
  out(
    `  how: partitions = max(today, round up to a multiple of b (max(b, ${v['partition-headroom']} × the replicas the busiest consumer group's work on the topic needs))); topics no service consumes keep today's count; b = brokers for load and copies`,
  );
  for (const t of last.kafka.topics.filter((x) => x.busiest.group !== '—'))
    out(
      `    ${P}: ${topicName(t.key)}: busiest group ${t.busiest.group} ${fmt(t.busiest.cpuMsPerS)} ms/s → ${t.busiest.replicas} replica(s) → max(${last.kafka.brokersByLoadAndCopies}, ${v['partition-headroom']} × ${t.busiest.replicas}) → ${t.partitions}`,
    );
  table('Kafka: brokers', results, [
    ['events produced /s, peak', (r) => fmt(r.kafka.producedPeak)],
    ['consumer fetches /s (events × groups)', (r) => fmt(r.kafka.fetchesPeak)],
    [`replica writes + follower fetches /s`, (r) => fmt(r.kafka.replicationOps)],
    ['message operations /s', (r) => fmt(r.kafka.ops)],
    ['brokers by load', (r) => fmt(r.kafka.brokersByLoad)],
    ['brokers by partition replicas', (r) => fmt(r.kafka.brokersByPartitions)],
    ['brokers', (r) => fmt(r.kafka.brokers)],
    ['broker capacity ÷ need', (r) => `${fmt((r.kafka.brokers * r.kafka.brokerOpsCapacity) / r.kafka.ops)} ×`],
    ['disk per broker (retention, replicas)', (r) => gb(r.kafka.diskBytes / r.kafka.brokers)],
    ['department topics (regions × departments)', (r) => fmt(r.kafka.departmentTopics)],
    ['partition replicas per broker', (r) => fmt(r.kafka.partitionReplicasPerBroker)],
  ]);
  out(
    `  how (${P}): ops = produced ${fmt(last.kafka.producedPeak)} × (${v.replication} writes + ${v.replication - 1} follower fetches) + fetches ${fmt(last.kafka.fetchesPeak)} = ${fmt(last.kafka.ops)}; a broker does 2 × ${v['kafka-msgs-per-s']} × ${v['cores-per-node']}/${MEASURED_VCPU} vCPU = ${fmt(last.kafka.brokerOpsCapacity)} ops/s (one write and one read per message measured); brokers = max(${v.replication} copies, by load ⌈${fmt(last.kafka.ops)} ÷ (${fmt(last.kafka.brokerOpsCapacity)} × ${v['target-utilisation']})⌉, by partition replicas ⌈replicas ÷ ${fmt(v['partition-replicas-per-broker'])}⌉) = ${last.kafka.brokers}`,
  );
  out(
    `  how (${P}): department topics = ⌈${P} ÷ ${fmt(v['people-per-region'])} people per region⌉ × ${v['departments-per-region']}; partition replicas = (Σ partitions of the other topics + department topics × their partitions) × ${v.replication}; above ${fmt(v['partition-replicas-per-broker'])} per broker the department topics get 1 partition each`,
  );
  out(
    `  how (${P}): disk = Σ topics average events/s × ${fmt(last.workingSeconds)} working s/year × retention (90 or 365 days) ÷ 365 × ${v['bytes-per-event']} B × ${v.replication} copies ÷ ${last.kafka.brokers} brokers`,
  );
  out();

  table('Services: CPU at the peak hour and replicas', results, [
    ...SERVICES.flatMap((s): [string, (r: Result) => string][] => [
      [`${s}: CPU ms/s`, (r) => fmt(r.services.find((x) => x.service === s)!.cpuMsPerS)],
      ...(s === 'referral'
        ? [
            [
              '  of which webhook deliveries',
              (r: Result) => fmt(r.services.find((x) => x.service === s)!.webhookMsPerS),
            ] as [string, (r: Result) => string],
          ]
        : []),
      [
        `${s}: replicas (by CPU)`,
        (r) => {
          const x = r.services.find((y) => y.service === s)!;
          return `${x.replicas} (${x.byCpu})`;
        },
      ],
    ]),
  ]);
  out(
    `  how: replicas = max(${v['min-replicas']}, ⌈CPU ms/s ÷ (${v['vcpu-per-replica']} vCPU × 1000 × ${v['target-utilisation']})⌉); CPU = Σ work /s × its cost (HTTP ${fmt(costs.httpMs)} ms; event ${fmt(costs.eventBaseMs)} + ${fmt(costs.perCommandMs)} × commands; part ${fmt(costs.perCommandMs)} × commands; webhook ${fmt(costs.webhookMs)}) + skipped events × ${fmt(costs.skipMs)}`,
  );
  out(`  work at the peak hour (${P}):`);
  for (const s of last.services) {
    for (const l of s.lines)
      out(
        `    ${s.service.padEnd(20)} ${l.what.padEnd(64)} ${fmt(l.perS).padStart(8)} /s × ${fmt(l.ms).padStart(5)} ms = ${fmt(l.cpuMsPerS).padStart(7)} ms/s`,
      );
    out(
      `    ${s.service.padEnd(20)} ${'events fetched and skipped'.padEnd(64)} ${fmt(s.skippedPerS).padStart(8)} /s × ${fmt(costs.skipMs).padStart(5)} ms = ${fmt(s.skippedPerS * costs.skipMs).padStart(7)} ms/s`,
    );
  }
  out();

  table('MongoDB', results, [
    ['driver commands /s, peak', (r) => fmt(r.mongo.commandsPerS)],
    ['database CPU ms/s (FerretDB-measured bound)', (r) => fmt(r.mongo.dbCpuMsPerS)],
    [`shards by CPU (${v['db-cores-per-node']}-vCPU primaries)`, (r) => fmt(r.mongo.shardsByCpu)],
    ...last.mongo.collections.map((c): [string, (r: Result) => string] => [
      `data: ${c.name}`,
      (r) => gb(r.mongo.collections.find((x) => x.name === c.name)!.bytes),
    ]),
    ['data, total', (r) => gb(r.mongo.dataBytes)],
    ['shards by data', (r) => fmt(r.mongo.shardsByData)],
    ['shards (1: one replica set, no sharding)', (r) => fmt(r.mongo.shards)],
  ]);
  out(
    `  how (${P}): CPU = ${fmt(last.mongo.commandsPerS)} commands/s × ${fmt(costs.dbMsPerCommand)} ms = ${fmt(last.mongo.dbCpuMsPerS)} ms/s; shards by CPU = ⌈${fmt(last.mongo.dbCpuMsPerS)} ÷ (${v['db-cores-per-node']} × 1000 × ${v['target-utilisation']})⌉ = ${last.mongo.shardsByCpu}; by data = ⌈${gb(last.mongo.dataBytes)} ÷ ${v['shard-data-gb']} GB⌉ = ${last.mongo.shardsByData}`,
  );
  out(
    `  how: data = documents × measured bytes (${Object.entries(DOCUMENT_BYTES)
      .map(([k, b]) => `${k} ${b}`)
      .join(
        ', ',
      )}); records kept ${v['years-online']} years, the event log and inboxes as long as the topics keep events (TTL)`,
  );
  out();

  table('Redis (BullMQ)', results, [['jobs /s, peak hour', (r) => fmt(r.jobsPerS)]]);
  out(
    '  how: per request 2 investigation timers + a limit per decision + an answer limit per referral; 2 limits per complaint; a delivery pass per department event',
  );
  out();

  table('Ratios', results, [
    ['Kafka: broker capacity ÷ need', (r) => fmt((r.kafka.brokers * r.kafka.brokerOpsCapacity) / r.kafka.ops)],
    ['Kafka: need ÷ one broker measured', (r) => fmt(r.kafka.ops / r.kafka.brokerOpsCapacity)],
    ['peak registrations ÷ one box measured', (r) => fmt(r.peak.request / v['pipeline-cases-per-s'])],
    [
      'department deliveries ÷ one box measured',
      (r) => fmt((5 * r.peak.departmentReferral) / v['webhook-deliveries-per-s']),
    ],
    ['service replicas, all six', (r) => fmt(sum(r.services.map((s) => s.replicas)))],
    [
      'busiest service ÷ one process (FerretDB v1: one each)',
      (r) => fmt(Math.max(...r.services.map((s) => s.cpuMsPerS)) / (v['vcpu-per-replica'] * 1000)),
    ],
    ['MongoDB data ÷ per-shard budget', (r) => fmt(r.mongo.dataBytes / (v['shard-data-gb'] * 1e9))],
  ]);
}

/** The topic that carries an event type (`referral.*.v1`: the referrals topic). */
function topicOfType(type: string | undefined): TopicKey {
  const flow = FLOWS.find((f) => f.type === type && f.topic !== 'department');
  if (type === 'referral.*.v1') return 'referrals';
  if (!flow || flow.topic === 'department') throw new Error(`no topic carries ${type} in the model`);
  return flow.topic;
}

function topicName(key: TopicKey | 'department'): string {
  return key === 'department' ? 'carelink.referral.department.<region>.<code>.v1' : topics[key].name;
}
function keyOf(key: TopicKey | 'department'): string {
  return key === 'department' ? 'caseId' : topics[key].key.replace(/ \(.*\)$/, '');
}

function main(): void {
  const options = readOptions(process.argv.slice(2));
  if (!options) return;
  // The model must cover every topic of the registry.
  for (const key of Object.keys(topics) as TopicKey[])
    if (!GROUPS[key] || !FLOWS.some((f) => f.topic === key))
      throw new Error(`topic ${topics[key].name} is not in the load model: add its flows and groups`);
  const costs = unitCosts(options.values);
  const results = options.people.map((p) => model(options.values, p, costs));
  if (options.json) out(JSON.stringify({ inputs: options.values, costs, results }, null, 2));
  else print(options.values, costs, results);
}

try {
  main();
} catch (err) {
  // A bad flag or a topic missing from the model: say which, without a stack.
  process.stderr.write(`load-model: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
