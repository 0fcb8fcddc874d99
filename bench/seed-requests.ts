/**
 * Seeds a running platform with stored requests, to see how the services behave idle with data in them
 * (memory, polling, timers, query plans). Posts COUNT window requests, each a new resident, to a running
 * intake (npm run platform) over HTTP, CONCURRENCY at a time; a 503 or 429 is retried after its
 * Retry-After. Prints progress every 5,000 and the final rate.
 *
 *   npm run bench:seed                                     # COUNT=100000 CONCURRENCY=16
 *   COUNT=20000 CONCURRENCY=32 npm run bench:seed
 *   START=100000 npm run bench:seed                        # the next 100,000 people (the same people again are merged)
 *
 * Other settings: INTAKE_URL (http://127.0.0.1:4101), STAFF_TOKEN_SIGNING_KEY (the key whose public half the intake holds; the local one if unset),
 * ITEM (CZ-QJ-01).
 */
import { issueStaffToken } from '@carelink/auth';
import { staffTokenSigningKeyOf } from '@carelink/service-host';
import { countOutcomes, JsonClient, type HttpOutcome, type Outcome } from './support/http';
import { DISTINCT_RESIDENTS, TOWNSHIP, windowRequest } from './support/residents';
import { envNumber, round, sleep } from './support/stats';

const COUNT = envNumber('COUNT', 100_000);
const CONCURRENCY = envNumber('CONCURRENCY', 16);
const START = process.env.START ? Number(process.env.START) : 0;
const INTAKE_URL = (process.env.INTAKE_URL ?? 'http://127.0.0.1:4101').replace(/\/$/, '');
/** The local intake's (its development default), unless STAFF_TOKEN_SIGNING_KEY gives the key whose public half the intake was started with. */
const STAFF_SIGNING_KEY = staffTokenSigningKeyOf({ CARELINK_ENV: 'local', ...process.env });
const ITEM = process.env.ITEM ?? 'CZ-QJ-01';
const PROGRESS_EVERY = 5000;
const TIMEOUT_MS = 30_000;
/** Attempts per request for 503/429 (after Retry-After) and network errors or time-outs (after a second). */
const MAX_ATTEMPTS = 20;

const out = (line: string) => process.stdout.write(`${line}\n`);

interface Tally {
  done: number;
  stored: number;
  merged: number;
  retries: number;
  failed: Outcome[];
  failureSamples: Set<string>;
}

async function main(): Promise<number> {
  if (!Number.isInteger(START) || START < 0 || START + COUNT > DISTINCT_RESIDENTS)
    throw new Error(`START + COUNT must stay within ${DISTINCT_RESIDENTS} distinct residents`);
  await assertReady();
  const bearer = await issueStaffToken(
    { sub: 'bench-seeder', role: 'township_caseworker', region: 'chizhou', jurisdiction: TOWNSHIP },
    STAFF_SIGNING_KEY,
    // The longest the services take (STAFF_TOKEN_MAX_HOURS); a seeding run is far shorter.
    '12h',
  );
  const client = new JsonClient(bearer, { connections: CONCURRENCY, timeoutMs: TIMEOUT_MS });
  const tally: Tally = { done: 0, stored: 0, merged: 0, retries: 0, failed: [], failureSamples: new Set() };
  out(
    `seeding ${COUNT} requests (residents ${START}…${START + COUNT - 1}) into ${INTAKE_URL}, ${CONCURRENCY} at a time`,
  );

  const started = performance.now();
  let lap = started;
  let next = START;
  let stopping = false;
  process.once('SIGINT', () => {
    stopping = true;
    out('SIGINT: finishing the requests in flight');
  });
  const worker = async () => {
    while (!stopping && next < START + COUNT) {
      const result = await registerWithRetries(client, next++, tally);
      record(tally, result);
      if (tally.done % PROGRESS_EVERY === 0) {
        const now = performance.now();
        out(
          `${tally.done}/${COUNT}: ${tally.stored} stored, ${tally.failed.length} failed, ${tally.retries} retries; ` +
            `${rate(tally.done, now - started)}/s overall, ${rate(PROGRESS_EVERY, now - lap)}/s for the last ${PROGRESS_EVERY}`,
        );
        lap = now;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  client.close();
  printSummary(tally, performance.now() - started);
  return tally.failed.length === 0 && !stopping ? 0 : 1;
}

async function assertReady(): Promise<void> {
  try {
    const res = await fetch(`${INTAKE_URL}/readyz`);
    if (res.ok) return;
    throw new Error(`readyz answered ${res.status}`);
  } catch (err) {
    throw new Error(`intake at ${INTAKE_URL} is not ready (${(err as Error).message}); start it with npm run platform`);
  }
}

/** POST /requests for resident i; waits out 503/429 (Retry-After) and brief network trouble. */
async function registerWithRetries(client: JsonClient, i: number, tally: Tally): Promise<HttpOutcome<ErrorBody>> {
  for (let attempt = 1; ; attempt++) {
    const result = await client.post<ErrorBody>(`${INTAKE_URL}/requests`, windowRequest(i, ITEM));
    const o = result.outcome;
    const busy = o === 503 || o === 429;
    const transient = o === 'network' || o === 'timeout';
    if ((!busy && !transient) || attempt === MAX_ATTEMPTS) return result;
    tally.retries++;
    await sleep(busy ? (result.retryAfterMs ?? 1000) : 1000);
  }
}

type ErrorBody = { code?: string; detail?: string };

function record(tally: Tally, result: HttpOutcome<ErrorBody>): void {
  tally.done++;
  if (result.outcome === 201) tally.stored++;
  else if (result.outcome === 200) tally.merged++;
  else {
    tally.failed.push(result.outcome);
    if (tally.failureSamples.size < 5)
      tally.failureSamples.add(
        `${result.outcome} ${result.body?.code ?? result.error ?? ''} ${result.body?.detail ?? ''}`,
      );
  }
}

function printSummary(tally: Tally, elapsedMs: number): void {
  out(
    `done: ${tally.stored} stored, ${tally.merged} merged into a request already open for the same person, ` +
      `${tally.failed.length} failed ${JSON.stringify(countOutcomes(tally.failed))}, ${tally.retries} retries`,
  );
  for (const sample of tally.failureSamples) out(`  e.g. ${sample.trim()}`);
  if (tally.merged > 0) out(`  (these people were seeded before: START=${START + COUNT} adds new ones)`);
  out(`${round(elapsedMs / 1000)} s, ${rate(tally.done, elapsedMs)} requests/s`);
}

const rate = (count: number, ms: number) => round(count / Math.max(ms / 1000, 0.001));

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  },
);
