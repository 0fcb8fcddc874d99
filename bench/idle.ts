/**
 * The platform at rest: CPU each process uses over SECONDS (default 60) with no traffic — the services and
 * bots started by `npm run platform`, FerretDB, PostgreSQL, Kafka, Redis — as a percentage of one core; and,
 * with data stored (see `bench/seed-stored-requests.ts`), how long intake's staff list takes next to a bare
 * query on the same collection, in the same run.
 *
 *   npm run platform && npx tsx --conditions=source bench/idle.ts        # SECONDS=60
 */
import { issueStaffToken } from '@carelink/auth';
import { staffTokenSigningKeyOf } from '@carelink/service-host';
import { connectMongo } from '@carelink/store';
import { createLogger } from '@carelink/telemetry';
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { CpuMeter, platformProcesses } from './support/cpu';
import { envNumber, round, sleep } from './support/stats';

const SECONDS = envNumber('SECONDS', 60);
const DATA_DIR = process.env.CARELINK_DATA ?? resolve(__dirname, '../.data');
const INTAKE_URL = process.env.INTAKE_URL ?? 'http://127.0.0.1:4101';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/carelink_intake';
const STAFF_SIGNING_KEY = staffTokenSigningKeyOf({ CARELINK_ENV: 'local', ...process.env });
const out = (line: string) => writeSync(1, `${line}\n`);

function platformServices(): Map<string, number | undefined> {
  const run = join(DATA_DIR, 'run');
  const pids = new Map<string, number | undefined>();
  for (const file of readdirSync(run).filter((f) => f.endsWith('.pid')))
    pids.set(file.slice(0, -4), Number(readFileSync(join(run, file), 'utf8').trim()) || undefined);
  return pids;
}

async function timed(what: () => Promise<unknown>, times = 20): Promise<{ p50: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await what();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: round(ms[Math.floor(ms.length / 2)]!), max: round(ms[ms.length - 1]!) };
}

async function main(): Promise<void> {
  const connection = await connectMongo(MONGO_URL, createLogger('idle-bench', 'warn'));
  const requests = connection.collection('requests');
  // No counts here: FerretDB v1 answers count and estimatedDocumentCount by reading the whole collection.
  out(`intake database ${MONGO_URL}; load average ${loadavg().map(round).join(' ')}`);

  const groups = () => platformProcesses(platformServices(), DATA_DIR);
  const meter = new CpuMeter(groups);
  out(`measuring CPU at rest for ${SECONDS} s …`);
  await sleep(SECONDS * 1000);
  const used = meter.used();
  const percent = Object.entries(used)
    .filter(([name]) => name !== 'bench')
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${round((ms / (SECONDS * 1000)) * 100)}%`);
  out(`CPU at rest (% of one core): ${percent.join(', ')}`);

  // The staff list at intake against a bare query on the same collection (one of the listed requests).
  const token = await issueStaffToken(
    { sub: 'bench-idle', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
    STAFF_SIGNING_KEY,
  );
  const listRequests = () =>
    fetch(`${INTAKE_URL}/requests?limit=20`, { headers: { authorization: `Bearer ${token}` } }).then(
      (r) => r.json() as Promise<{ items: { caseId: string; personId: string }[] }>,
    );
  const t0 = performance.now();
  const listed = await listRequests().catch((err: Error) => ({ items: [], error: err.message }));
  out(`GET /requests?limit=20 first call: ${round(performance.now() - t0)} ms`);
  const first = listed.items[0];
  if (first) {
    const bare = await timed(() => requests.findOne({ _id: first.caseId as never }));
    const byPerson = await timed(() => requests.find({ personId: first.personId, status: 'registered' }).toArray());
    const list = await timed(listRequests);
    out(
      `bare findOne by _id p50 ${bare.p50} ms; open requests of a person p50 ${byPerson.p50} ms ` +
        `(${round(byPerson.p50 / bare.p50)}×); GET /requests?limit=20 p50 ${list.p50} ms, max ${list.max} ms ` +
        `(${round(list.p50 / bare.p50)}× the bare query)`,
    );
  }
  out(`load average ${loadavg().map(round).join(' ')}`);
  await connection.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
