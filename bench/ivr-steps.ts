/**
 * Server time per IVR step: drives whole "apply" calls (signed webhooks over HTTP on localhost) against the
 * IVR adapter on the local Redis and MongoDB, and prints p50/p99 per step. Intake and complaints are left
 * out (their latency is theirs): the adapter's ports answer at once, so the numbers are the adapter's own
 * work — signature check, parsing, state in Redis, the flow, TwiML, the call record.
 *
 *   npx tsx --conditions=source bench/ivr-steps.ts [calls=200]
 */
import { checkCharacter } from '@carelink/contracts';
import twilio from 'twilio';
import { createConfig } from '../bots/ivr/src/config';
import type { CallPorts } from '../bots/ivr/src/domain/call-flow';
import { startIvr } from '../bots/ivr/src/ivr-app';

const CALLS = Number(process.argv[2] ?? 200);
const TOKEN = 'bench-voice-auth-token-0123456789';
const BASE = 'https://ivr.bench.test';
const first17 = '34170219480302002';
const ID = first17 + checkCharacter(first17);

const ports: CallPorts = {
  requestCode: async () => 'sent',
  lookupByIdNumber: async () => ({
    kind: 'found',
    lookup: { person: { personId: 'p_b', name: '测试' }, requests: [] },
  }),
  registerRequest: async () => ({ caseNumber: 'CZ341702-2026-000001' }),
  fileComplaint: async () => ({ complaintNumber: 'TS-20261125-0001' }),
  applyPendingIdentity: async () => ({ applicationNumber: 'CZ341702-2026-D00001' }),
  awaitingConfirmation: async () => [],
  confirmVisit: async () => ({ kind: 'confirmation_closed' }),
  disputeVisit: async () => ({ kind: 'confirmation_closed' }),
};

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main() {
  const run = `bench${Date.now()}`;
  const ivr = await startIvr(
    createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      PUBLIC_BASE_URL: BASE,
      VOICE_AUTH_TOKEN: TOKEN,
      MONGO_URL: `mongodb://127.0.0.1:27017/${run}_ivr`,
      REDIS_PREFIX: run,
      LOG_LEVEL: 'silent',
    }),
    { ports },
  );
  const steps: [string, Record<string, string>][] = [
    ['incoming call', {}],
    ['menu (1 apply)', { Digits: '1' }],
    ['ID number keyed', { Digits: ID }],
    ['ID confirmed (code texted)', { Digits: '1' }],
    ['code keyed → look-up', { Digits: '482913' }],
    ['item chosen', { Digits: '5' }],
    ['township chosen', { Digits: '01' }],
    ['group chosen', { Digits: '1' }],
    ['recording → request', { RecordingUrl: 'http://rec.test/1', RecordingDuration: '9' }],
    ['retried webhook (cached)', { RecordingUrl: 'http://rec.test/1', RecordingDuration: '9' }],
  ];
  const times = new Map<string, number[]>(steps.map(([name]) => [name, []]));
  for (let i = 0; i < CALLS; i++) {
    const callSid = `CA${run}${i}`;
    let path = '/ivr/chizhou/voice';
    for (const [name, extra] of steps) {
      const params = { CallSid: callSid, From: '+8613700000000', ...extra };
      const signature = twilio.getExpectedTwilioSignature(TOKEN, `${BASE}${path}`, params);
      const started = process.hrtime.bigint();
      const res = await fetch(`http://127.0.0.1:${ivr.port}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
      });
      const text = await res.text();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${text}`);
      if (i >= 5) times.get(name)!.push(ms); // the first calls warm up
      const action = /action="https:\/\/ivr\.bench\.test([^"]+)"/.exec(text)?.[1];
      if (action && name !== 'recording → request') path = action.replace(/&amp;/g, '&');
    }
  }
  process.stdout.write(
    `IVR step time over HTTP on localhost, ${CALLS - 5} calls (Redis + FerretDB local, ports stubbed):\n`,
  );
  process.stdout.write(`${'step'.padEnd(28)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}\n`);
  for (const [name, xs] of times)
    process.stdout.write(
      `${name.padEnd(28)} ${percentile(xs, 50).toFixed(2).padStart(8)} ${percentile(xs, 99).toFixed(2).padStart(8)}\n`,
    );
  await ivr.stop();
  const { MongoClient } = await import('mongodb');
  const client = await MongoClient.connect(`mongodb://127.0.0.1:27017/${run}_ivr`);
  await client.db().dropDatabase();
  await client.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
