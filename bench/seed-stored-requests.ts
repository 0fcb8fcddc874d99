/**
 * Fills intake's database with COUNT (default 100,000) registered requests, each of a new resident, as they
 * stand once processed: written by intake's own RegisterRequest use case and repositories (the same
 * documents, indexes and person files as over HTTP), with their outboxes then marked published. It talks to
 * the database only (no HTTP, no Kafka), so it takes minutes instead of the hour the HTTP seeder
 * (`bench/seed-requests.ts`) needs at this machine's rate. Used to see how the platform behaves idle with
 * data in it (`bench/idle.ts`).
 *
 *   npm run platform:stop          # intake must not run meanwhile (its relay would publish the registrations)
 *   npx tsx --conditions=source bench/seed-stored-requests.ts        # COUNT=100000 CONCURRENCY=32 START=0 TOWNSHIP=
 *   npm run platform               # then: npx tsx --conditions=source bench/idle.ts
 *
 * MONGO_URL defaults to the platform's intake database (mongodb://127.0.0.1:27017/carelink_intake); the
 * person keys to intake's local defaults (PERSON_DATA_KEY, PERSON_INDEX_KEY override them, as for intake).
 */
import { PolicyPacks } from '@carelink/policy';
import { CommitPort, connectMongo } from '@carelink/store';
import { createLogger } from '@carelink/telemetry';
import { createConfig } from '../services/intake/src/config';
import { PersonRepository } from '../services/intake/src/data-access/person-repository';
import { RequestRepository } from '../services/intake/src/data-access/request-repository';
import { registerRequest } from '../services/intake/src/domain/register-request/handle-register-request';
import { registerRequestCommand } from '../services/intake/src/domain/register-request/register-request';
import { intakeUseCases } from '../services/intake/src/service';
import { COUNTY, DISTINCT_RESIDENTS, windowRequest } from './support/residents';
import { envNumber, round } from './support/stats';

const COUNT = envNumber('COUNT', 100_000);
const CONCURRENCY = envNumber('CONCURRENCY', 32);
const START = envNumber('START', 0);
const ITEM = process.env.ITEM ?? 'CZ-QJ-01';
/** Spread like a county's register: over the townships of 贵池区 (Chizhou pack) and the last MONTHS months. */
const PLACES = [
  ['341702001', '341702001201'],
  ['341702001', '341702001202'],
  ['341702002', '341702002201'],
  ['341702003', '341702003201'],
  ['341702101', '341702101201'],
  ['341702102', '341702102201'],
  ['341702103', '341702103201'],
] as const;
/** TOWNSHIP=341702001: every request in that township (its villages), as one caseworker's worklist sees them. */
const TOWNSHIP = process.env.TOWNSHIP;
const places = TOWNSHIP ? PLACES.filter(([township]) => township === TOWNSHIP) : PLACES;
if (places.length === 0) throw new Error(`TOWNSHIP ${TOWNSHIP} is none of ${PLACES.map(([t]) => t).join(', ')}`);
const MONTHS = envNumber('MONTHS', 24);
const DAY = 86_400_000;
const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (START + COUNT > DISTINCT_RESIDENTS) throw new Error(`START + COUNT must stay within ${DISTINCT_RESIDENTS}`);
  // The keys of the local platform's intake, unless the environment gives that intake's own.
  const config = createConfig({ CARELINK_ENV: 'local', ...process.env });
  const logger = createLogger('seed-stored-requests', 'warn');
  const connection = await connectMongo(config.MONGO_URL, logger);
  const requests = new RequestRepository(connection);
  await requests.prepare();
  await PersonRepository.prepare(connection);
  const spanStart = Date.now() - MONTHS * 30 * DAY;
  const registeredAt = (i: number) => new Date(spanStart + ((i - START) / COUNT) * MONTHS * 30 * DAY);
  const policies = PolicyPacks.load(config.POLICY_DIR);
  /** Intake's use cases with a clock that reads the registration's time (the commit port stamps it). */
  const registeringAt = (at: Date) =>
    intakeUseCases(
      connection,
      config,
      new CommitPort({ connection, source: '/carelink/intake', clock: () => at, context: { policies } }),
    ).registering;
  const seeder = {
    sub: 'bench-seeder',
    role: 'county_officer' as const,
    region: 'chizhou',
    jurisdiction: COUNTY,
  };
  out(
    `seeding ${COUNT} requests (residents ${START}…${START + COUNT - 1}) into ${config.MONGO_URL}, ${CONCURRENCY} at a time`,
  );
  const started = performance.now();
  let next = START;
  let done = 0;
  const caseIds: string[] = [];
  const worker = async () => {
    while (next < START + COUNT) {
      const i = next++;
      const [township, village] = places[i % places.length]!;
      const command = registerRequestCommand.parse({ ...windowRequest(i, ITEM), address: { township, village } });
      const { caseId } = await registerRequest(command, seeder, registeringAt(registeredAt(i)), () => undefined);
      caseIds.push(caseId);
      if (++done % 10_000 === 0) out(`${done}/${COUNT}, ${round(done / ((performance.now() - started) / 1000))}/s`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Processed long ago: nothing left to publish (intake's relay would otherwise publish every registration).
  // Registrations write events on the request only. By _id: a query on the flag would hand FerretDB every
  // pending document for each batch.
  const requestsCollection = connection.collection(RequestRepository.collection);
  for (let i = 0; i < caseIds.length; i += CONCURRENCY)
    await Promise.all(
      caseIds
        .slice(i, i + CONCURRENCY)
        .map((_id) =>
          requestsCollection.updateOne({ _id: _id as never }, { $set: { _outbox: [], _outboxPending: false } }),
        ),
    );
  out(`done: ${done} requests in ${round((performance.now() - started) / 1000)} s`);
  out(
    `stored now: ${await connection.collection(RequestRepository.collection).estimatedDocumentCount()} requests, ` +
      `${await connection.collection(PersonRepository.collection).estimatedDocumentCount()} person files`,
  );
  await connection.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
