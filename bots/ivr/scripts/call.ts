/**
 * Drives one step of a call against a running IVR adapter the way a telephony provider does: posts the
 * webhook form-encoded and signed (X-Twilio-Signature over the public URL and the params).
 *
 *   npm run call -w @carelink/ivr -- --call CA1 --from +8613700000000                 # the call comes in
 *   npm run call -w @carelink/ivr -- --call CA1 --step 1 --digits 1                     # keys pressed
 *   npm run call -w @carelink/ivr -- --call CA1 --step 7 --recording http://…/rec.wav  # a voice message
 *   npm run call -w @carelink/ivr -- --call CA1 --status completed                      # the caller hung up
 *
 * Settings: IVR_URL (http://127.0.0.1:4201), PUBLIC_BASE_URL (as the adapter's), VOICE_AUTH_TOKEN (as the adapter's).
 */
import twilio from 'twilio';
import { parseArgs } from 'node:util';
import { createConfig } from '../src/config';

const { values } = parseArgs({
  options: {
    region: { type: 'string', default: 'chizhou' },
    call: { type: 'string', default: `CA${Date.now()}` },
    from: { type: 'string', default: '+8613700000000' },
    step: { type: 'string' },
    digits: { type: 'string' },
    recording: { type: 'string' },
    duration: { type: 'string', default: '10' },
    status: { type: 'string' },
  },
});

const ivrUrl = process.env.IVR_URL ?? 'http://127.0.0.1:4201';
// As the adapter has them: from the environment, else what it has in local mode.
const adapter = createConfig({ CARELINK_ENV: 'local', ...process.env });
const publicBase = adapter.PUBLIC_BASE_URL.replace(/\/$/, '');
const token = adapter.VOICE_AUTH_TOKEN;

const path = values.status
  ? `/ivr/${values.region}/voice/status`
  : values.step
    ? `/ivr/${values.region}/voice/step?seq=${values.step}`
    : `/ivr/${values.region}/voice`;
const params: Record<string, string> = { CallSid: values.call!, From: values.from!, To: '12345' };
if (values.digits !== undefined) params.Digits = values.digits;
if (values.recording) Object.assign(params, { RecordingUrl: values.recording, RecordingDuration: values.duration! });
if (values.status) params.CallStatus = values.status;

async function main() {
  const signature = twilio.getExpectedTwilioSignature(token, `${publicBase}${path}`, params);
  const res = await fetch(`${ivrUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params),
  });
  const text = await res.text();
  process.stdout.write(`${res.status} ${path}\n${text}\n`);
  const next = /step\?seq=(\d+)/.exec(text)?.[1];
  if (next) process.stdout.write(`\nnext: --call ${values.call} --step ${next} --digits …\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
