/**
 * How long settlement takes to compute every statement of a month (issue 13: 1,000,000 verified visits of one
 * month → all statements in ≤ 30 s and ≤ 3× a bare `$group` over the same collection). It inserts COUNT accruals
 * (verified visits of one month, as settlement stores them) in bulk into a database of its own on the local
 * MongoDB-wire server, then, in the same run:
 *
 *   - the anchor: one bare `$group` of the month by provider × township (sum of amounts, count), and
 *   - all statements: settlement's own `statementsOfMonth` (the month's accruals read once and shared out to its
 *     statements, each computed line by line with its exclusions, as `GET /statements/of-month` does),
 *
 * checks that both give the same totals, and prints the times, their ratio and the machine's load.
 *
 *   npm run servers:start
 *   npx tsx --conditions=source bench/settlement.ts          # COUNT=1000000 PROVIDERS=50 MONTH=2026-10 KEEP=1
 *
 * MONGO_URL defaults to mongodb://127.0.0.1:27017/carelink_bench_settlement (dropped first; KEEP=1 keeps it after).
 */
import { loadPolicyPacks } from '@carelink/policy';
import mongoose from 'mongoose';
import { AccrualRepository } from '../services/settlement/src/data-access/accrual-repository';
import { ComplaintHoldRepository } from '../services/settlement/src/data-access/complaint-hold-repository';
import { ServiceTermsRepository } from '../services/settlement/src/data-access/service-terms-repository';
import { StatementRepository } from '../services/settlement/src/data-access/statement-repository';
import type { Accrual } from '../services/settlement/src/domain/accrual';
import { statementsOfMonth } from '../services/settlement/src/domain/monthly-statement/handle-monthly-statement';
import { envNumber, loadAverage, machineContext, ratio, round } from './support/stats';

const COUNT = envNumber('COUNT', 1_000_000);
const PROVIDERS = envNumber('PROVIDERS', 50);
const BATCH = envNumber('BATCH', 5_000);
const MONTH = process.env.MONTH ?? '2026-10';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/carelink_bench_settlement';
const TOWNSHIPS = ['341702001', '341702002', '341702003', '341702101', '341702102', '341702103', '341702104'];
/** Purchased items of the Chizhou pack, with their catalogue fees. */
const ITEMS = [
  {
    code: 'CZ-SH-01',
    name: { zh: '助餐送餐', en: 'Meal help and delivery' },
    unit: { zh: '次', en: 'visit' },
    fee: 1500,
  },
  { code: 'CZ-SH-03', name: { zh: '居家照料', en: 'Home care' }, unit: { zh: '小时', en: 'hour' }, fee: 3500 },
  {
    code: 'CZ-JK-02',
    name: { zh: '康复护理', en: 'Rehabilitation nursing' },
    unit: { zh: '小时', en: 'hour' },
    fee: 6000,
  },
];
const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * People served: 50,000, so that no two of a million visits are the same person's at the same minute with the same
 * item (visit i and i + lcm(people, 28 days × 600 minutes) would be; with 40,000 people that was every visit past
 * the 840,000th, which statements rightly exclude as duplicates and a bare $group counts).
 */
const PEOPLE = 50_000;

/** The i-th visit of the month: spread over townships, providers, people, workers, days and items. */
function accrual(i: number): { _id: string } & Omit<Accrual, 'accrualId'> {
  const township = TOWNSHIPS[i % TOWNSHIPS.length]!;
  const providerId = `bench-provider-${String(Math.floor(i / TOWNSHIPS.length) % PROVIDERS).padStart(3, '0')}`;
  const item = ITEMS[i % ITEMS.length]!;
  const day = 1 + (i % 28);
  const minute = Math.floor(i / 28) % (10 * 60);
  const deliveredAt = new Date(
    Date.parse(`${MONTH}-${String(day).padStart(2, '0')}T08:00:00+08:00`) + minute * 60_000,
  ).toISOString();
  const units = 1 + (i % 3);
  const visitId = `bench-visit-${i}`;
  return {
    _id: visitId,
    visitId,
    referralId: `bench-ref-${i % PEOPLE}`,
    caseId: `bench-case-${i % PEOPLE}`,
    region: 'chizhou',
    county: '341702',
    township,
    providerId,
    workerId: `bench-worker-${i % 2_000}`,
    itemCode: item.code,
    itemName: item.name,
    unit: item.unit,
    units,
    unitFeeFen: item.fee,
    amountFen: units * item.fee,
    feeSource: 'bench',
    month: MONTH,
    serviceDate: deliveredAt.slice(0, 10),
    deliveredAt,
    verification: 'verified',
    verificationReason: 'code_confirmed',
    deliveryVersion: 2,
    packVersion: 'bench',
    accruedAt: deliveredAt,
  };
}

async function main(): Promise<void> {
  // Its own connection without the services' 30 s answer limit: the bare $group over a million documents is the
  // anchor being measured, however long it takes.
  const connection = await mongoose.createConnection(MONGO_URL, { socketTimeoutMS: 0, maxPoolSize: 8 }).asPromise();
  await connection.dropDatabase();
  const accruals = new AccrualRepository(connection);
  const statements = new StatementRepository(connection);
  const terms = new ServiceTermsRepository(connection);
  const holds = new ComplaintHoldRepository(connection);
  await Promise.all([accruals.prepare(), statements.prepare(), terms.prepare(), holds.prepare()]);
  const collection = connection.collection(AccrualRepository.collection);

  out(`machine: ${JSON.stringify(machineContext())}`);
  out(`inserting ${COUNT} verified visits of ${MONTH} (${TOWNSHIPS.length} townships × ${PROVIDERS} providers) …`);
  const insertStart = performance.now();
  for (let from = 0; from < COUNT; from += BATCH) {
    const docs = [];
    for (let i = from; i < Math.min(COUNT, from + BATCH); i++) docs.push(accrual(i));
    await collection.insertMany(docs as never[], { ordered: false });
  }
  const insertSeconds = (performance.now() - insertStart) / 1000;
  out(
    `inserted in ${round(insertSeconds)} s (${Math.round(COUNT / insertSeconds)} documents/s); load ${loadAverage().join(' ')}`,
  );

  // The anchor: a bare $group of the month by provider × township.
  const loadBeforeGroup = loadAverage();
  const groupStart = performance.now();
  const grouped = await collection
    .aggregate<{ _id: { providerId: string; township: string }; amountFen: number; visits: number }>([
      { $match: { month: MONTH } },
      {
        $group: {
          _id: { providerId: '$providerId', township: '$township' },
          amountFen: { $sum: '$amountFen' },
          visits: { $sum: 1 },
        },
      },
    ])
    .toArray();
  const groupSeconds = (performance.now() - groupStart) / 1000;

  // All statements, as settlement computes them.
  const loadBeforeStatements = loadAverage();
  const statementsStart = performance.now();
  const computed = await statementsOfMonth(MONTH, '3417', undefined, {
    accruals,
    statements,
    terms,
    holds,
    policies: loadPolicyPacks(),
  });
  const statementsSeconds = (performance.now() - statementsStart) / 1000;

  const anchorTotal = grouped.reduce((s, g) => s + g.amountFen, 0);
  const statementTotal = computed.reduce((s, x) => s + x.payableFen, 0);
  const lines = computed.reduce((s, x) => s + x.lines.length, 0);
  const same =
    grouped.length === computed.length &&
    anchorTotal === statementTotal &&
    lines === COUNT &&
    computed.every((x) => x.excluded.length === 0);
  out(
    JSON.stringify(
      {
        count: COUNT,
        month: MONTH,
        statements: computed.length,
        lines,
        totalFen: statementTotal,
        sameTotalsAsGroup: same,
        bareGroupSeconds: round(groupSeconds, 2),
        allStatementsSeconds: round(statementsSeconds, 2),
        ratioToBareGroup: ratio(statementsSeconds, groupSeconds),
        goal: { seconds: 30, ratio: 3 },
        loadAverage: { beforeGroup: loadBeforeGroup, beforeStatements: loadBeforeStatements, end: loadAverage() },
      },
      null,
      2,
    ),
  );
  if (!same) process.exitCode = 1;
  if (!process.env.KEEP) await connection.dropDatabase();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
