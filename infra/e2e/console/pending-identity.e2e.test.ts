/**
 * The township's 待核实身份 worklist in a real Chromium, against intake, assessment, referral and complaints as
 * processes on the real servers and the hotline IVR in this process: two first-time callers apply by phone through
 * the IVR's signed webhooks (as the telephony provider posts them), leaving their name and need as recordings,
 * which the IVR fetches from the provider (a local server stands in for it). The caseworker opens the tab, hears a
 * caller's recordings in the page, and completes the identity on the call back: a wrong check digit is refused by
 * the form, an application a colleague completed meanwhile is refused by intake (409, said in Chinese), and the
 * completed one lands on the new case with the recordings as its voice notes. Each page is saved as a screenshot
 * and passes the accessibility check.
 */
import { createServer, type Server } from 'node:http';
import twilio from 'twilio';
import { createConfig as ivrConfig } from '../../../bots/ivr/src/config';
import { startIvr, type RunningIvr } from '../../../bots/ivr/src/ivr-app';
import { call, residentId } from '../platform';
import { at, choose, expectAccessible, gone, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// intake 4541, assessment 4542, referral 4543, complaints 4546; the IVR 4547, the provider's recording server
// 4548, the console 4549.
const BASE_PORT = 4541;
const IVR_PORT = BASE_PORT + 6;
const RECORDINGS_PORT = BASE_PORT + 7;
const IVR_URL = `http://127.0.0.1:${IVR_PORT}`;
const RECORDINGS_URL = `http://127.0.0.1:${RECORDINGS_PORT}`;
const VOICE_AUTH_TOKEN = 'e2e-pending-identity-voice-token';

/** 0.6 s of a 440 Hz tone, 8 kHz 16-bit mono PCM: a recording the browser really decodes. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = Math.round(rate * 0.6);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return wav;
}
const WAV = toneWav();

/** A call as the telephony provider makes it: each step a form post signed over the public URL and its params. */
function phoneCall(callSid: string, from: string) {
  let next = '/ivr/chizhou/voice';
  return async (params: Record<string, string> = {}): Promise<string> => {
    const body = { CallSid: callSid, From: from, To: '+8605662212349', ...params };
    const url = `${IVR_URL}${next}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(VOICE_AUTH_TOKEN, url, body),
      },
      body: new URLSearchParams(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`the IVR answered ${res.status}: ${text}`);
    const action = /action="([^"]+)"/.exec(text)?.[1];
    if (action) next = new URL(action.replace(/&amp;/g, '&')).pathname + new URL(action.replace(/&amp;/g, '&')).search;
    return text;
  };
}

/**
 * A first-time caller applies as calls.int.test.ts's caller does: apply, an ID number nobody is on file with (no
 * code can be texted), 9 for a first application, their name said, the township, their need said.
 */
async function applyAsFirstTimeCaller(callSid: string, from: string, idNumber: string): Promise<void> {
  const step = phoneCall(callSid, from);
  await step();
  await step({ Digits: '1' });
  await step({ Digits: `${idNumber.replace(/X$/, '*')}#` });
  expect(await step({ Digits: '2' })).toContain('首次申请、没有收到短信的，请按9');
  expect(await step({ Digits: '9' })).toContain('请在提示音后说出您的姓名');
  expect(
    await step({ RecordingUrl: `${RECORDINGS_URL}/recordings/${callSid}-name`, RecordingDuration: '2' }),
  ).toContain('池阳街道请按01');
  expect(await step({ Digits: '01' })).toContain('说明您需要什么服务');
  const filed = await step({ RecordingUrl: `${RECORDINGS_URL}/recordings/${callSid}-need`, RecordingDuration: '9' });
  expect(filed).toContain('您的申请已登记，登记编号是');
}

/** The page's audio element as this test reads it (the tools' TypeScript has no DOM types). */
interface AudioElement {
  readyState: number;
  duration: number;
  error: { code: number } | null;
  addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
}

/** Runs in the page: the length in seconds of an audio element's source once the browser has decoded its header. */
function decodedSeconds(element: unknown): Promise<number> {
  const audio = element as AudioElement;
  if (audio.readyState >= 1) return Promise.resolve(audio.duration);
  return new Promise((resolve, reject) => {
    audio.addEventListener('loadedmetadata', () => resolve(audio.duration), { once: true });
    audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error?.code}`)), { once: true });
  });
}

interface PendingRow {
  applicationId: string;
  applicationNumber: string;
  callerPhone: string;
  status: string;
}

describe("the township's 待核实身份 worklist", () => {
  let run: ConsoleRun;
  let ivr: RunningIvr | undefined;
  let recordings: Server | undefined;
  const served: string[] = [];

  beforeAll(async () => {
    run = await ConsoleRun.start(
      'e2e-console-pending-identity',
      BASE_PORT,
      ['intake', 'assessment', 'referral', 'complaints'],
      async (platform) => {
        const env = platform.env('intake');
        // The provider's recording server: each RecordingUrl the IVR is given.
        recordings = createServer((req, res) => {
          served.push(req.url ?? '');
          if (req.url?.startsWith('/recordings/')) res.writeHead(200, { 'content-type': 'audio/x-wav' }).end(WAV);
          else res.writeHead(404).end();
        });
        await new Promise<void>((resolve) => recordings!.listen(RECORDINGS_PORT, '127.0.0.1', resolve));
        ivr = await startIvr(
          ivrConfig({
            CARELINK_ENV: 'local',
            PORT: String(IVR_PORT),
            PUBLIC_BASE_URL: IVR_URL,
            VOICE_AUTH_TOKEN,
            VOICE_RECORDING_HOSTS: RECORDINGS_URL,
            MONGO_URL: String(env.MONGO_URL).replace(/_intake$/, '_ivr'),
            REDIS_URL: env.REDIS_URL,
            REDIS_PREFIX: `${platform.options.runId}.ivr.`,
            LOG_LEVEL: 'warn',
            INTAKE_URL: platform.url('intake', ''),
            COMPLAINTS_URL: platform.url('complaints', ''),
          }),
        );
        return { ivr: IVR_URL };
      },
    );
  }, SETUP_MS);

  afterAll(async () => {
    await ivr?.stop();
    await new Promise((resolve) => (recordings ? recordings.close(resolve) : resolve(undefined)));
    await run?.stop();
  });

  it('hears a first-time caller, completes the identity on the call back, and lands on the new case', async () => {
    // 马桂花 and 陈德明 call for the first time; nobody is on file with their numbers or ID numbers.
    const maId = residentId('341702', '1952-07-15', 3);
    const chenId = residentId('341702', '1949-02-11', 17);
    await applyAsFirstTimeCaller('CAe2eFirst0001', '+8613355550101', maId);
    await applyAsFirstTimeCaller('CAe2eFirst0002', '+8613355550202', chenId);
    expect(served.filter((u) => u.includes('CAe2eFirst')).length).toBeGreaterThanOrEqual(4);
    const township = await run.tokenOf('township');
    const listed = await call<{ items: PendingRow[] }>(
      'GET',
      run.platform.url('intake', '/pending-applications'),
      township,
    );
    const ma = listed.body.items.find((a) => a.callerPhone === '13355550101')!;
    const chen = listed.body.items.find((a) => a.callerPhone === '13355550202')!;
    expect(ma.applicationNumber).toMatch(/^CZ341702-\d{4}-D\d{5}$/);

    const page = await run.page();
    await journey(page, 'township-pending-identity', async () => {
      await signIn(page, DEMO.township, DEMO_PASSWORD);
      await at(page, '/worklist');
      await page.getByRole('tab', { name: '待核实身份' }).click();
      const table = page.getByTestId('worklist-identity-table');
      const maRow = await shows(table.getByRole('row'), ma.applicationNumber);
      await shows(maRow, '13355550101');
      await shows(maRow, '池阳街道');
      await shows(maRow, /已等待/);
      await shows(table.getByRole('row'), chen.applicationNumber);

      // The caller's name and need, heard in the page: read through the console from intake (200/206).
      for (const part of ['name', 'need'] as const) {
        const heard = page.waitForResponse((r) =>
          new RegExp(`/api/intake/pending-applications/${ma.applicationId}/recordings/${part}$`).test(r.url()),
        );
        await maRow.getByTestId(`recording-${part}-play`).click();
        expect([200, 206]).toContain((await heard).status());
        const audio = (await shows(maRow.getByTestId(`recording-${part}-player`))).locator('audio');
        expect(await audio.getAttribute('src')).toMatch(/^blob:/);
        // The browser decoded it: its length is known (HAVE_METADATA or better).
        expect(await audio.evaluate(decodedSeconds)).toBeCloseTo(0.6, 1);
      }
      await screenshot(page, 'township-pending-identity');
      await expectAccessible(page, 'the 待核实身份 tab');

      // 陈德明's application: a colleague completes it while this caseworker fills the form; intake refuses the
      // second completion (409), said in Chinese, and the list moves on.
      const chenRow = await shows(table.getByRole('row'), chen.applicationNumber);
      await chenRow.getByTestId('pending-complete').click();
      const drawer = await shows(page.getByTestId('complete-identity-drawer'), chen.applicationNumber);
      await shows(drawer.getByTestId('identity-call'), '13355550202');
      await page.getByTestId('identity-name').fill('陈德明');
      await page.getByTestId('identity-id-number').fill(chenId);
      await choose(page, page.getByTestId('identity-groups'), '特困人员');
      await choose(page, page.getByTestId('identity-items'), '助餐送餐');
      // The lists stay open for more picks: a click on the form's first field closes them (Escape would close the
      // drawer too).
      await page.getByTestId('identity-name').click();
      const colleague = await call(
        'POST',
        run.platform.url('intake', `/pending-applications/${chen.applicationId}/completion`),
        township,
        { applicant: { name: '陈德明', idNumber: chenId }, declaredGroups: ['tekun'], items: ['CZ-SH-01'] },
      );
      expect(colleague.status).toBe(201);
      await page.getByTestId('identity-submit').click();
      await shows(page.getByTestId('identity-error'), '该申请已核实身份');
      await page.getByRole('button', { name: '取消' }).click();
      await gone(page.getByTestId('complete-identity-drawer'));
      await gone(table.getByRole('row').filter({ hasText: chen.applicationNumber }));

      // 马桂花's: the form refuses a wrong check digit before anything is sent, then registers the request.
      await maRow.getByTestId('pending-complete').click();
      await shows(page.getByTestId('complete-identity-drawer'), ma.applicationNumber);
      // The number called from, to call back on: it goes with the request as an unconfirmed phone.
      expect(await page.getByTestId('identity-phone').inputValue()).toBe('13355550101');
      await page.getByTestId('identity-name').fill('马桂花');
      const wrong = maId.slice(0, 17) + (maId[17] === '0' ? '1' : '0');
      await page.getByTestId('identity-id-number').fill(wrong);
      await page.getByTestId('identity-submit').click();
      await shows(page.getByTestId('complete-identity-form'), '身份证号码校验位不正确');
      await page.getByTestId('identity-id-number').fill(maId);
      await choose(page, page.getByTestId('identity-groups'), '低保对象');
      await choose(page, page.getByTestId('identity-items'), '助餐送餐');
      await page.getByTestId('identity-name').click();
      await choose(page, page.getByTestId('identity-village'), '示范社区甲');
      await page.getByTestId('identity-consent').click();
      await screenshot(page, 'township-pending-identity-form');
      await expectAccessible(page, 'the 补全身份 form');
      await page.getByTestId('identity-submit').click();

      // On the new case: a phone (ivr) request of 马桂花, the two recordings as its voice notes.
      await at(page, /^\/cases\/[0-9a-f-]{36}$/, 60_000);
      await shows(page.getByTestId('case-number'), /CZ341702-\d{4}-\d{6}/);
      await shows(page.getByTestId('case-page'), '马桂花');
      await shows(page.getByTestId('case-page'), '热线语音');
      const notes = page.getByTestId('attachments-table').getByRole('row').filter({ hasText: '语音描述' });
      await shows(notes);
      expect(await notes.count()).toBe(2);
      await notes.first().getByTestId('attachment-view').click();
      // Played as the caller left it.
      const note = await shows(page.getByTestId('attachment-viewer').locator('audio'));
      expect(await note.evaluate(decodedSeconds)).toBeCloseTo(0.6, 1);
      await screenshot(page, 'township-pending-identity-case');
      await expectAccessible(page, 'the new case with its voice notes');
      await page.keyboard.press('Escape');
      const caseNumber = /CZ341702-\d{4}-\d{6}/.exec(await page.getByTestId('case-number').innerText())![0];

      // Back in the worklist: 马桂花's application is completed, as that case.
      await page.goto('/worklist?tab=identity');
      await shows(page.getByTestId('worklist-identity-table'));
      await page.getByTestId('pending-status').getByText('已补全').click();
      const completed = await shows(page.getByTestId('worklist-identity-table').getByRole('row'), ma.applicationNumber);
      await shows(completed.getByTestId('case-link'), caseNumber);
    });
  });
});
