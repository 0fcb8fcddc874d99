/**
 * Issue 12: RECIPIENTS people (default 10,000), each with an approved service plan of 8 visits a month (twice a week,
 * 60 minutes), their month of visits generated and assigned to WORKERS registered, trained workers (default 300)
 * without a clash. Against the real servers (FerretDB, Redis), through provider-scheduling's own domain and
 * repositories, as the service runs them:
 *
 *   referral.created.v1 → offer (the Kafka handler's decide) → acceptance → plan proposed naming a worker →
 *   township approval → the plan's visits generated (generatePlanVisits: each visit checked against the service,
 *   the worker chosen among the provider's free, trained and qualified workers, the worker's day booked under its
 *   version check, which refuses an overlap with 409 worker_double_booked, the visit written with its event,
 *   its reminder put on BullMQ).
 *
 * No HTTP and no Kafka (events stay in the outboxes of a database of the bench's own): what is timed is the
 * scheduling itself. Time per plan is its approval plus the generation of its month.
 *
 *   npm run bench:scheduling                              # --recipients 10000 --workers 300
 *   npm run bench:scheduling -- --recipients 700 --workers 30
 *
 * Options (flags or environment): --recipients/RECIPIENTS, --workers/WORKERS, --providers/PROVIDERS (default one
 * per 30 workers; a provider's plans go to its own workers only), --concurrency/CONCURRENCY (plans approved at
 * once per provider, default 1: a provider's scheduler; above 1 its plans race for the same workers and the
 * calendar refuses the loser, which is counted), --bookings-by-id/BOOKINGS_BY_ID=1 (an experiment: see below), KEEP=1
 * keeps the database and reminders afterwards.
 *
 * The plans are spread so that the month can be scheduled: person k of a provider is visited on a pair of weekdays
 * (Mon+Thu, Tue+Fri, Wed+Sat, Thu+Sun, Fri+Mon, Sat+Tue, Sun+Wed: k mod 7) at an hour from 07:00 to 18:00
 * (⌊k/7⌋ mod 12), and names worker k mod (workers of the provider) in the plan. Each provider-day-hour then needs
 * about 2·⌈people/84⌉ workers; the bench says when that exceeds the provider's workers (visits will then go
 * unassigned, the refusal the calendar must give). Afterwards it reads every visit back and checks that no worker
 * has two overlapping visits and that every worker's day holds exactly its visits.
 *
 * Printed: time per plan (p50/p95/max), the total, visits per second, refusals (clashes, no worker free), the
 * anchor — a bare insertMany of as many visit-sized documents into a scratch collection of the same server, in the
 * same run — with the ratio to it, and the load average.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, DomainError, ReferralCreated } from '@carelink/contracts';
import { JobBoard } from '@carelink/jobs';
import { chinaDate, PolicyPacks } from '@carelink/policy';
import { CommitPort, connectMongo, FieldCipher } from '@carelink/store';
import { createLogger } from '@carelink/telemetry';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createConfig } from '../services/provider-scheduling/src/config';
import {
  AssignmentRepository,
  assignmentStates,
} from '../services/provider-scheduling/src/data-access/assignment-repository';
import {
  CalendarRepository,
  workerDayStates,
} from '../services/provider-scheduling/src/data-access/calendar-repository';
import { PlanRepository, planStates } from '../services/provider-scheduling/src/data-access/plan-repository';
import { VisitRepository, visitStates } from '../services/provider-scheduling/src/data-access/visit-repository';
import { WorkerRepository, workerStates } from '../services/provider-scheduling/src/data-access/worker-repository';
import { decideAcceptAssignment } from '../services/provider-scheduling/src/domain/accept-assignment/accept-assignment';
import { generatePlanVisits } from '../services/provider-scheduling/src/domain/generate-visits/generate-plan-visits';
import {
  decideOffer,
  offerAssignment,
} from '../services/provider-scheduling/src/domain/offer-assignment/offer-assignment';
import { decideRegisterWorker } from '../services/provider-scheduling/src/domain/register-worker/register-worker';
import type { SchedulingPorts } from '../services/provider-scheduling/src/domain/scheduling-ports';
import type { Booking } from '../services/provider-scheduling/src/domain/worker-calendar/worker-calendar';
import { decideProposePlan } from '../services/provider-scheduling/src/domain/service-plan/propose-plan';
import { decideApprovePlan } from '../services/provider-scheduling/src/domain/service-plan/review-plan';
import { reminderBoard } from '../services/provider-scheduling/src/entry-points/jobs/job-handlers';
import { resident } from './support/residents';
import { envNumber, loadAverage, machineContext, percentile, ratio, round } from './support/stats';

const { values: flags } = parseArgs({
  options: {
    recipients: { type: 'string' },
    workers: { type: 'string' },
    providers: { type: 'string' },
    concurrency: { type: 'string' },
    'bookings-by-id': { type: 'boolean' },
  },
});
/** A count from its flag, else its environment variable, else the default. */
const setting = (flag: string | undefined, env: string, fallback: number) => {
  if (flag === undefined) return Math.floor(envNumber(env, fallback));
  const value = Number(flag);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${env.toLowerCase()} must be a positive whole number`);
  return value;
};
const RECIPIENTS = setting(flags.recipients, 'RECIPIENTS', 10_000);
const WORKERS = setting(flags.workers, 'WORKERS', 300);
const PROVIDERS = setting(flags.providers, 'PROVIDERS', Math.max(1, Math.round(WORKERS / 30)));
const CONCURRENCY = setting(flags.concurrency, 'CONCURRENCY', 1);
const KEEP = process.env.KEEP === '1';
/**
 * An experiment, off by default: the workers' days read by one `findOne {_id}` per day, in parallel, instead of the
 * repository's `find {_id: {$in}}` (which FerretDB does not push down: it reads every worker's every day in Go on
 * each visit). What provider-scheduling's CalendarRepository.bookingsOf would do under docs/QUERIES.md's rule.
 */
const BOOKINGS_BY_ID = flags['bookings-by-id'] === true || process.env.BOOKINGS_BY_ID === '1';
if (PROVIDERS > WORKERS) throw new Error(`--providers ${PROVIDERS} exceeds --workers ${WORKERS}`);

const REGION = 'chizhou';
const COUNTY = '341702';
const ITEM = 'CZ-QJ-01';
const COURSE = '服务规范与安全';
/** Chizhou's townships the people live in (their plans are approved by their township). */
const TOWNSHIPS = ['341702001', '341702002', '341702003', '341702101', '341702102', '341702103'];
const PAIRS = ['MO,TH', 'TU,FR', 'WE,SA', 'TH,SU', 'FR,MO', 'SA,TU', 'SU,WE'];
const FIRST_HOUR = 7;
const HOURS = 12;
/** A month of twice-weekly visits: four weeks, eight visits. */
const MONTH_DAYS = 28;
const DAY_MS = 24 * 3600_000;
const out = (line: string) => process.stdout.write(`${line}\n`);

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const DATABASE = `bench_scheduling_${stamp}`;
const JOBS_PREFIX = `bench-scheduling-${stamp}`;

/** Provider p's id: workers and people are dealt out to the providers in turn. */
const providerId = (p: number) => `bench-provider-${String(p + 1).padStart(2, '0')}`;

const staffOf = (p: number): StaffPrincipal => ({
  sub: `bench-staff-${p + 1}`,
  role: 'provider_staff',
  region: REGION,
  jurisdiction: COUNTY,
  providerId: providerId(p),
});
const townshipOf = (township: string): StaffPrincipal => ({
  sub: `bench-township-${township}`,
  role: 'township_caseworker',
  region: REGION,
  jurisdiction: township,
});

function summary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** Runs `work` on every item, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const config = createConfig({
    CARELINK_ENV: 'local',
    ...process.env,
    MONGO_URL: `${(process.env.MONGO_SERVER ?? 'mongodb://127.0.0.1:27017').replace(/\/$/, '')}/${DATABASE}`,
    JOBS_PREFIX,
    LOG_LEVEL: 'warn',
  });
  const logger = createLogger('bench-scheduling', 'warn');
  const connection = await connectMongo(config.MONGO_URL, logger);
  const policies = PolicyPacks.load(config.POLICY_DIR);
  const commits = new CommitPort({ connection, source: '/carelink/provider-scheduling', context: { policies } });
  const jobs = new JobBoard({ redisUrl: config.REDIS_URL, queue: 'provider-scheduling', prefix: JOBS_PREFIX, logger });

  // The service's repositories and scheduling ports, wired as services/provider-scheduling/src/service.ts does.
  const cipher = new FieldCipher(config.WORKER_DATA_KEY, config.WORKER_INDEX_KEY);
  const assignments = new AssignmentRepository(connection);
  const visits = new VisitRepository(connection);
  const plans = new PlanRepository(connection, cipher);
  const workers = new WorkerRepository(connection, cipher);
  const calendars = new CalendarRepository(connection);
  await assignments.prepare();
  await visits.prepare();
  await plans.prepare();
  await workers.prepare();
  /** Where the time goes: calls and milliseconds of each port the scheduling uses (during the timed phase). */
  const calls = new Map<string, { calls: number; ms: number }>();
  let metering = false;
  const metered =
    <A extends unknown[], R>(name: string, port: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!metering) return port(...args);
      const t = performance.now();
      try {
        return await port(...args);
      } finally {
        const c = calls.get(name) ?? { calls: 0, ms: 0 };
        c.calls++;
        c.ms += performance.now() - t;
        calls.set(name, c);
      }
    };
  const workerDays = connection.collection<{ _id: string; bookings: Booking[] }>(CalendarRepository.collection);
  const bookingsById = async (ids: string[]) => {
    const days = await Promise.all(ids.map((_id) => workerDays.findOne({ _id }, { projection: { bookings: 1 } })));
    return new Map(days.filter((d) => d !== null).map((d) => [d._id, d.bookings]));
  };
  /** Bookings the calendar refused: two schedulers wanted one worker's time. */
  let clashesRefused = 0;
  const calendarCommits = commits.bind(workerDayStates);
  const scheduling: SchedulingPorts = {
    assignments: { assignmentOf: metered('assignments.assignmentOf', (id) => assignments.assignmentOf(id)) },
    plans: {
      commit: metered('plans.commit', commits.bind(planStates(cipher)).commit),
      planOf: metered('plans.planOf', (id) => plans.planOf(id)),
    },
    visits: {
      commit: metered('visits.commit', commits.bind(visitStates).commit),
      visitOf: metered('visits.visitOf', (id) => visits.visitOf(id)),
      scheduledAfter: metered('visits.scheduledAfter', (referralId, after) => visits.scheduledAfter(referralId, after)),
    },
    calendars: {
      commit: metered('calendars.commit', async (id, decide) => {
        try {
          return await calendarCommits.commit(id, decide);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'worker_double_booked') clashesRefused++;
          throw err;
        }
      }),
      bookingsOf: metered('calendars.bookingsOf', (ids) =>
        BOOKINGS_BY_ID ? bookingsById(ids) : calendars.bookingsOf(ids),
      ),
    },
    workers: {
      workerOf: metered('workers.workerOf', (id) => workers.workerOf(id)),
      servingItem: metered('workers.servingItem', (provider, itemCode) => workers.servingItem(provider, itemCode)),
    },
    trainingRuleOf: (region) => policies.get(region)?.workerTraining,
    reminders: { remind: metered('reminders.remind', reminderBoard(jobs, policies).remind) },
  };
  const rule = policies.get(REGION)?.workerTraining;
  if (!rule) throw new Error(`the ${REGION} pack has no workerTraining rule`);
  const pack = policies.get(REGION)!;

  const perProvider = Math.ceil(RECIPIENTS / PROVIDERS);
  const workersPerProvider = Math.floor(WORKERS / PROVIDERS);
  const neededPerHour = 2 * Math.ceil(perProvider / (PAIRS.length * HOURS));
  out(
    `scheduling bench: ${RECIPIENTS} people × 8 visits over ${MONTH_DAYS} days, ${WORKERS} workers of ${PROVIDERS} providers, ` +
      `${CONCURRENCY} plan(s) at a time per provider; database ${DATABASE}` +
      (BOOKINGS_BY_ID ? '; bookings read by id (experiment)' : ''),
  );
  if (neededPerHour > workersPerProvider)
    out(
      `note: a provider-day-hour needs up to ${neededPerHour} workers and a provider has ${workersPerProvider}: ` +
        'some visits cannot be assigned (they are refused, not double-booked)',
    );

  // 1. Workers registered (ID number checked and sealed) and trained as the pack requires, before serving.
  const phase = { startedAt: performance.now() };
  const trainedOn = chinaDate(new Date(Date.now() - 30 * DAY_MS));
  const workerIds: string[][] = Array.from({ length: PROVIDERS }, () => []);
  const workerCommits = commits.bind(workerStates(cipher));
  await inParallel(
    Array.from({ length: WORKERS }, (_, i) => i),
    8,
    async (i) => {
      const p = i % PROVIDERS;
      const person = resident(5_000_000 + i);
      const principal = staffOf(p);
      const workerId = workers.workerIdOf(providerId(p), person.idNumber);
      await workerCommits.commit(workerId, (current, ctx) =>
        decideRegisterWorker(
          current,
          {
            name: person.name,
            idNumber: person.idNumber,
            phone: person.phone,
            qualifications: ['养老护理员'],
            itemCodes: [ITEM],
            training: [{ course: COURSE, date: trainedOn, hours: rule.minHours }],
            workerId,
            principal,
            pack,
          },
          ctx,
        ),
      );
      workerIds[p]![Math.floor(i / PROVIDERS)] = workerId;
    },
  );
  const workersSeconds = (performance.now() - phase.startedAt) / 1000;

  // 2. Each person's referral offered to their provider (the referral.created.v1 handler), accepted, and a plan
  // proposed: twice a week, one hour, from tomorrow for three months, naming one of the provider's workers.
  const today = chinaDate(new Date());
  const tomorrow = chinaDate(new Date(Date.now() + DAY_MS));
  const endDate = chinaDate(new Date(Date.now() + 90 * DAY_MS));
  interface Person {
    referralId: string;
    provider: number;
    township: string;
  }
  const people: Person[] = [];
  const setupStarted = performance.now();
  await inParallel(
    Array.from({ length: RECIPIENTS }, (_, i) => i),
    16,
    async (i) => {
      const p = i % PROVIDERS;
      const k = Math.floor(i / PROVIDERS);
      const caseId = randomUUID();
      const referralId = `${caseId}:${ITEM}`;
      const township = TOWNSHIPS[i % TOWNSHIPS.length]!;
      const referral = buildEvent(ReferralCreated, {
        source: '/carelink/referral',
        key: caseId,
        data: {
          referralId,
          caseId,
          caseNumber: `CZ${COUNTY}-${today.slice(0, 4)}-${String(i + 1).padStart(6, '0')}`,
          region: REGION,
          itemCode: ITEM,
          township,
          person: { personId: `p_bench${String(i).padStart(11, '0')}`, name: resident(i).name },
          route: { kind: 'provider', providerId: providerId(p), contractId: `bench-contract-${p + 1}` },
          explanation: '按服务合同转介',
          sharingBasis: { basis: 'consent', givenBy: 'applicant' },
          createdAt: new Date().toISOString(),
        },
      });
      const offer = offerAssignment(referral)!;
      await assignments.noteOffered(offer);
      await commits.commit(assignmentStates, referralId, (current) => decideOffer(current, offer));
      const principal = staffOf(p);
      await commits.commit(assignmentStates, referralId, (current, ctx) =>
        decideAcceptAssignment(current, { principal }, ctx),
      );
      const planWorker = workerIds[p]![k % workerIds[p]!.length]!;
      const [assignment, worker] = await Promise.all([
        assignments.assignmentOf(referralId),
        workers.workerOf(planWorker),
      ]);
      await scheduling.plans.commit(referralId, (current, ctx) =>
        decideProposePlan(
          current,
          {
            rrule: `FREQ=WEEKLY;BYDAY=${PAIRS[k % PAIRS.length]};BYHOUR=${FIRST_HOUR + (Math.floor(k / PAIRS.length) % HOURS)};BYMINUTE=0`,
            startDate: tomorrow,
            endDate,
            durationMinutes: 60,
            tasks: ['助浴', '打扫卫生', '测量血压'],
            workerId: planWorker,
            principal,
            assignment,
            worker,
            trainingRule: rule,
          },
          ctx,
        ),
      );
      people.push({ referralId, provider: p, township });
    },
  );
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  // 3. Timed: the township approves each plan and its month of visits is generated and booked. The generation runs
  // at midnight tomorrow (as the daily job runs early in the day), so a month ahead holds exactly 8 visits a plan.
  const generationNow = new Date(`${tomorrow}T00:00:00+08:00`);
  const planMs: number[] = [];
  let scheduled = 0;
  let unassigned = 0;
  const loadBeforeTimed = loadAverage();
  metering = true;
  const timedStarted = performance.now();
  await Promise.all(
    Array.from({ length: PROVIDERS }, (_, p) =>
      inParallel(
        people.filter((person) => person.provider === p),
        CONCURRENCY,
        async ({ referralId, township }) => {
          const t = performance.now();
          const principal = townshipOf(township);
          await scheduling.plans.commit(referralId, (current, ctx) => decideApprovePlan(current, { principal }, ctx));
          const run = await generatePlanVisits(scheduling, referralId, generationNow, MONTH_DAYS);
          planMs.push(performance.now() - t);
          scheduled += run.scheduled;
          unassigned += run.unassigned.length;
        },
      ),
    ),
  );
  const totalSeconds = (performance.now() - timedStarted) / 1000;
  metering = false;
  const loadAfterTimed = loadAverage();

  // 4. Checked from the store: no worker has two overlapping visits, each worker's days hold exactly its visits.
  const stored = await connection
    .collection(VisitRepository.collection)
    .find({ status: 'scheduled' }, { projection: { workerId: 1, scheduledFor: 1, endsAt: 1, referralId: 1 } })
    .toArray();
  const byWorker = new Map<string, { start: number; end: number }[]>();
  const perPlan = new Map<string, number>();
  for (const v of stored) {
    const list = byWorker.get(v.workerId as string) ?? [];
    list.push({ start: Date.parse(v.scheduledFor as string), end: Date.parse(v.endsAt as string) });
    byWorker.set(v.workerId as string, list);
    perPlan.set(v.referralId as string, (perPlan.get(v.referralId as string) ?? 0) + 1);
  }
  let overlapping = 0;
  for (const list of byWorker.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) if (list[i]!.start < list[i - 1]!.end) overlapping++;
  }
  const days = await connection
    .collection(CalendarRepository.collection)
    .find({}, { projection: { bookings: 1 } })
    .toArray();
  const booked = days.reduce((n, d) => n + (d.bookings as unknown[]).length, 0);
  const visitsPerWorker = [...byWorker.values()].map((l) => l.length).sort((a, b) => a - b);

  // 5. The anchor: as many visit-sized documents written by bare insertMany (1,000 a batch) into a scratch collection.
  const sample = await connection.collection(VisitRepository.collection).findOne({});
  const scratch = connection.collection('bench_anchor_scratch');
  const anchorStarted = performance.now();
  for (let i = 0; i < stored.length; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, stored.length - i) }, () => ({
      ...sample,
      _id: randomUUID() as never,
    }));
    await scratch.insertMany(batch, { ordered: false });
  }
  const anchorSeconds = (performance.now() - anchorStarted) / 1000;

  const plansTimed = summary(planMs);
  out(
    JSON.stringify(
      {
        bench: 'scheduling',
        at: new Date().toISOString(),
        machine: machineContext(),
        loadAverage: { start: loadAtStart, beforeTimed: loadBeforeTimed, afterTimed: loadAfterTimed },
        settings: {
          recipients: RECIPIENTS,
          workers: WORKERS,
          providers: PROVIDERS,
          concurrencyPerProvider: CONCURRENCY,
          bookingsRead: BOOKINGS_BY_ID
            ? 'experiment: findOne {_id} per worker day, in parallel'
            : 'CalendarRepository.bookingsOf (find {_id: {$in}})',
          visitsPerPlan: 8,
          monthDays: MONTH_DAYS,
        },
        setup: {
          workersRegisteredAndTrainedSeconds: round(workersSeconds),
          offeredAcceptedProposedSeconds: round(setupSeconds),
        },
        timed: {
          what: 'per plan: township approval + its month of visits generated, each checked, worker chosen, day booked, visit written, reminder queued',
          planMs: plansTimed,
          totalSeconds: round(totalSeconds),
          plansPerSecond: round(planMs.length / totalSeconds),
          visitsScheduled: scheduled,
          visitsPerSecond: round(scheduled / totalSeconds),
          clashesRefused,
          visitsUnassigned: unassigned,
          /** Each port: calls, mean ms a call, and its share of the plans' time (calls overlap: shares may add past 100%). */
          ports: Object.fromEntries(
            [...calls]
              .sort(([, a], [, b]) => b.ms - a.ms)
              .map(([name, c]) => [
                name,
                {
                  calls: c.calls,
                  meanMs: round(c.ms / c.calls, 2),
                  shareOfPlanTime: ratio(
                    c.ms,
                    planMs.reduce((a, b) => a + b, 0),
                  ),
                },
              ]),
          ),
        },
        checked: {
          visitsStored: stored.length,
          plansWithEightVisits: [...perPlan.values()].filter((n) => n === 8).length,
          workersUsed: byWorker.size,
          visitsPerWorker: {
            min: visitsPerWorker[0] ?? 0,
            p50: visitsPerWorker.length ? percentile(visitsPerWorker, 50) : 0,
            max: visitsPerWorker.at(-1) ?? 0,
          },
          overlappingVisitsOfOneWorker: overlapping,
          bookingsInWorkerDays: booked,
          bookingsMatchVisits: booked === stored.length,
        },
        anchor: {
          what: `bare insertMany of ${stored.length} visit-sized documents into a scratch collection, 1,000 a batch`,
          seconds: round(anchorSeconds, 2),
          totalRatioToAnchor: ratio(totalSeconds, anchorSeconds),
        },
        goal: '10,000 recipients × 8 visits a month assigned to 300 workers without a clash',
        met:
          RECIPIENTS >= 10_000 &&
          WORKERS <= 300 &&
          overlapping === 0 &&
          unassigned === 0 &&
          stored.length === RECIPIENTS * 8 &&
          booked === stored.length,
      },
      null,
      2,
    ),
  );

  if (!KEEP) {
    await connection.dropDatabase();
    // The visits' reminders, queued under the bench's own prefix.
    const redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('provider-scheduling', { connection: redis, prefix: JOBS_PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  }
  await jobs.close();
  await connection.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
