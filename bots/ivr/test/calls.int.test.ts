/**
 * Whole calls driven over HTTP as a telephony provider sends them (signed form posts), against the real
 * intake and complaints services (in-process, on Kafka, FerretDB and Redis), callers identified by their ID
 * number and the one-time code intake texts to the phone on file (a double stands in for the SMS gateway). Recordings come from a local HTTP server, as the provider's
 * RecordingUrl would.
 */
import { generateTokenKeys, issueStaffToken, verifyBearerToken } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { checkCharacter, topics } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import { startService, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import fc from 'fast-check';
import IORedis from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { createConfig as complaintsConfig } from '../../../services/complaints/src/config';
import { complaintsService } from '../../../services/complaints/src/service';
import { createConfig as intakeConfig } from '../../../services/intake/src/config';
import type { ResidentText } from '../../../services/intake/src/domain/follow-progress/handle-lookup-code';
import { createIntakeService } from '../../../services/intake/src/service';
import { createConfig } from '../src/config';
import { PlatformClient } from '../src/data-access/platform-client';
import type { CallPorts } from '../src/domain/call-flow';
import { adapterTokens, startIvr, type RunningIvr } from '../src/ivr-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire data, checked field by field

const AUTH_TOKEN = 'test-voice-auth-token-0123456789';
/** The staff issuer's keys (this test signs as the console) and the IVR's own: it signs its tokens with it. */
let staffKeys: Awaited<ReturnType<typeof generateTokenKeys>>;
let ivrKeys: Awaited<ReturnType<typeof generateTokenKeys>>;
const first17 = '34170219480302002';
const ID = first17 + checkCharacter(first17);
/** The ID number as a caller keys it: * for X, # to finish. */
const KEYED_ID = `${first17}${checkCharacter(first17) === 'X' ? '*' : checkCharacter(first17)}#`;
/** How often a /flaky/ recording fails before the provider serves it. */
const FLAKY_FAILURES = 3;
const flakyHits: Record<string, number> = {};
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.alloc(64)]);

describe('IVR calls on the real servers', () => {
  const runId = uniqueName('ivr');
  let intake: RunningService;
  let complaints: RunningService;
  let ivr: RunningIvr;
  let stub: Server;
  let stubUrl: string;
  /** Another host serving recordings: the provider's RecordingUrl never points there. */
  let elsewhere: Server;
  let elsewhereUrl: string;
  let elsewhereHits = 0;
  let platform: PlatformClient;
  const seen: { type: string; data: Json }[] = [];
  /** What intake texted (the SMS gateway's stand-in). */
  const texted: ResidentText[] = [];
  const lastCodeTo = (phone: string) => /(\d{6})/.exec(texted.filter((t) => t.to === phone).at(-1)?.body ?? '')?.[1];
  /**
   * What the adapter asked intake and complaints to make, by caller number. Made in the webhook that answers
   * the last step, so once a webhook has answered, nothing it caused is still to come.
   */
  const made: { what: 'request' | 'complaint' | 'application'; phone: string }[] = [];

  beforeAll(async () => {
    [staffKeys, ivrKeys] = await Promise.all([generateTokenKeys('staff-ivr-test'), generateTokenKeys('ivr-test')]);
    const servers = await testServers();
    const common = {
      CARELINK_ENV: 'local',
      PORT: '0',
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      LOG_LEVEL: 'silent',
      STAFF_TOKEN_PUBLIC_KEYS: staffKeys.publicKeys,
      ADAPTER_TOKEN_PUBLIC_KEYS: ivrKeys.publicKeys,
    };
    intake = (await startService(
      createIntakeService({ texts: { send: async (text) => void texted.push(text) } }),
      intakeConfig({ ...common, MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_intake`) }),
    )) as unknown as RunningService;
    complaints = (await startService(
      complaintsService,
      complaintsConfig({ ...common, MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_complaints`) }),
    )) as unknown as RunningService;
    stub = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname.startsWith('/recordings/')) res.writeHead(200, { 'content-type': 'audio/x-wav' }).end(WAV);
      else if (url.pathname.startsWith('/flaky/')) {
        // Not ready the first FLAKY_FAILURES times it is asked for (the provider still processing it).
        const hits = (flakyHits[url.pathname] = (flakyHits[url.pathname] ?? 0) + 1);
        if (hits <= FLAKY_FAILURES) res.writeHead(503).end();
        else res.writeHead(200, { 'content-type': 'audio/x-wav' }).end(WAV);
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    elsewhere = createServer((_req, res) => {
      elsewhereHits++;
      res.writeHead(200, { 'content-type': 'audio/x-wav' }).end(WAV);
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    const config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      PUBLIC_BASE_URL: 'https://ivr.carelink.test',
      VOICE_AUTH_TOKEN: AUTH_TOKEN,
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_ivr`),
      REDIS_URL: servers.redisUrl,
      REDIS_PREFIX: runId,
      STAFF_TOKEN_PUBLIC_KEYS: staffKeys.publicKeys,
      ADAPTER_TOKEN_SIGNING_KEY: ivrKeys.signingKey,
      VOICE_RECORDING_HOSTS: stubUrl,
      INTAKE_URL: `http://127.0.0.1:${intake.port}`,
      COMPLAINTS_URL: `http://127.0.0.1:${complaints.port}`,
      LOG_LEVEL: 'silent',
    });
    // The IVR's own client of intake and complaints (its tokens, its job queue for recordings), wrapped to
    // count what it was asked to make.
    const ports: CallPorts = {
      requestCode: (input) => platform.requestCode(input),
      lookupByIdNumber: (input) => platform.lookupByIdNumber(input),
      registerRequest: (input) => {
        made.push({ what: 'request', phone: input.phone });
        return platform.registerRequest(input);
      },
      fileComplaint: (input) => {
        made.push({ what: 'complaint', phone: input.phone });
        return platform.fileComplaint(input);
      },
      applyPendingIdentity: (input) => {
        made.push({ what: 'application', phone: input.phone });
        return platform.applyPendingIdentity(input);
      },
      awaitingConfirmation: (input) => platform.awaitingConfirmation(input),
      confirmVisit: (input) => platform.confirmVisit(input),
      disputeVisit: (input) => platform.disputeVisit(input),
    };
    ivr = await startIvr(config, { ports });
    platform = ivr.platform;
    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    const record = async (e: { type: string; data: unknown }) => void seen.push({ type: e.type, data: e.data as Json });
    await intake.ctx.bus.consume(
      'ivr-test-observer',
      [
        on(topics.intakeRequests, { 'request.registered.v3': record }),
        on(topics.complaints, { 'complaint.received.v1': record }),
      ],
      inbox,
    );
  });

  afterAll(async () => {
    await ivr?.stop();
    stub?.close();
    elsewhere?.close();
    for (const s of [intake, complaints]) {
      await s?.ctx.connection.dropDatabase();
      await s?.stop();
    }
  });

  /** Posts a webhook the way the provider does: form-encoded, signed over the public URL and the params. */
  async function webhook(path: string, params: Record<string, string>, sign: 'good' | 'none' | 'bad' = 'good') {
    const publicUrl = `https://ivr.carelink.test${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (sign === 'good')
      headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(AUTH_TOKEN, publicUrl, params);
    if (sign === 'bad')
      headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature('another-account-token-000', publicUrl, params);
    const res = await fetch(`http://127.0.0.1:${ivr.port}${path}`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(params),
    });
    return { status: res.status, text: await res.text() };
  }

  /** A call: the incoming webhook, then each answer at the step the last TwiML pointed to. */
  function call(callSid: string, from = '+8613900000000', region = 'chizhou') {
    let next = `/ivr/${region}/voice`;
    return {
      send: async (params: Record<string, string> = {}) => {
        const r = await webhook(next, { CallSid: callSid, From: from, To: '+8612345', ...params });
        const action = /action="https:\/\/ivr\.carelink\.test([^"]+)"/.exec(r.text)?.[1];
        if (action) next = action.replace(/&amp;/g, '&');
        return r;
      },
      get next() {
        return next;
      },
    };
  }

  const until = async <T>(probe: () => T | undefined | Promise<T | undefined>, tries = 300) => {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('timed out');
  };

  let caseNumber = '';
  const clerk = () =>
    issueStaffToken(
      { sub: 'clerk', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      staffKeys.signingKey,
    );

  it('apply: keyed ID read back, the code texted to the phone on file, item, township, group, voice message → one ivr request with the recording', async () => {
    // The caller applied at the township window before (meals), with this phone number.
    const window = await fetch(`http://127.0.0.1:${intake.port}/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await clerk()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'chizhou',
        channel: 'window',
        applicant: { name: '刘秀英', idNumber: ID, phone: '13700000000' },
        address: { township: '341702001' },
        declaredGroups: ['tekun'],
        items: ['CZ-SH-01'],
      }),
    });
    expect(window.status).toBe(201);
    const c = call('CAapply0001', '+8613700000000');
    const greeting = await c.send();
    expect(greeting.status).toBe(200);
    expect(greeting.text).toContain('<Gather');
    expect(greeting.text).toContain('申请服务请按1');
    expect((await c.send({ Digits: '1' })).text).toContain('十八位身份证号码');
    const readBack = await c.send({ Digits: KEYED_ID });
    // Read back in groups: address code, birth date, sequence and check; 1 hears it again.
    expect(readBack.text).toContain('三 四 一 七 零 二，一 九 四 八 零 三 零 二，');
    expect(readBack.text).toContain('重听请按1');
    expect((await c.send({ Digits: '1' })).text).toBe(readBack.text.replace(/seq=3/, 'seq=4'));
    // What Redis keeps of the call (its state, the answers kept for retries) is sealed: neither the number
    // nor its read-back is there in clear.
    const redis = new IORedis((await testServers()).redisUrl);
    const keys = await redis.keys(`${runId}:CAapply0001:*`);
    const values = (await Promise.all(keys.map((k) => redis.get(k)))).filter(
      (v): v is string => v !== null && v !== '1',
    );
    await redis.quit();
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (const v of values) {
      expect(v).toMatch(/^v1\./);
      expect(v).not.toContain(first17);
      expect(v).not.toContain('三 四 一 七');
    }
    expect((await c.send({ Digits: '2' })).text).toContain('六位验证码');
    const verified = await c.send({ Digits: lastCodeTo('13700000000')! });
    expect(verified.text).toContain('刘秀英，您好。');
    expect(verified.text).toContain('请选择您需要的服务');
    expect((await c.send({ Digits: '5' })).text).toContain('池阳街道请按01');
    expect((await c.send({ Digits: '01' })).text).toContain('请选择您的救助身份');
    const record = await c.send({ Digits: '1' });
    expect(record.text).toContain('<Record');
    // The provider retries the recording webhook (timeout on its side): same answer, one request.
    const recordStep = c.next;
    const params = {
      CallSid: 'CAapply0001',
      From: '+8613700000000',
      RecordingUrl: `${stubUrl}/recordings/RE1`,
      RecordingDuration: '12',
    };
    const [first, retry] = await Promise.all([webhook(recordStep, params), webhook(recordStep, params)]);
    expect(first.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(first.text).toContain('重听请按1');
    const again = await webhook(recordStep, params);
    expect(again.text).toBe(first.text);

    const registered = await until(() =>
      seen.find((e) => e.type === 'request.registered.v3' && e.data.channel === 'ivr'),
    );
    caseNumber = registered.data.caseNumber as string;
    expect(registered.data).toMatchObject({
      region: 'chizhou',
      channel: 'ivr',
      items: [{ itemCode: 'CZ-QJ-01' }],
      address: { township: '341702001' },
      declaredGroups: ['tekun'],
    });
    // The case number is read back digit by digit.
    const spoken = [...caseNumber.replace(/\D/g, '')].map((d) => '零一二三四五六七八九'[Number(d)]).join(' ');
    expect(first.text.replace(/，/g, ' ')).toContain(spoken.slice(0, 11));
    // All three deliveries have answered: the adapter asked intake once, and intake holds the caller's two
    // requests (the window's and this one), not a third.
    expect(made.filter((m) => m.phone === '13700000000')).toEqual([{ what: 'request', phone: '13700000000' }]);
    const byStaff = await fetch(`http://127.0.0.1:${intake.port}/residents/requests?idNumber=${ID}`, {
      headers: { authorization: `Bearer ${await clerk()}` },
    }).then((r) => r.json() as Promise<Json>);
    const theirs = (byStaff.requests as Json[]).map((r) => r.caseNumber);
    expect(theirs).toHaveLength(2);
    expect(theirs).toContain(caseNumber);
    const caseId = registered.data.caseId as string;
    const staff = await issueStaffToken(
      { sub: 't', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      staffKeys.signingKey,
    );
    const attachments = (await fetch(`http://127.0.0.1:${intake.port}/requests/${caseId}/attachments`, {
      headers: { authorization: `Bearer ${staff}` },
    }).then((r) => r.json())) as Json;
    expect(attachments.items).toEqual([
      expect.objectContaining({ kind: 'voice_note', contentType: 'audio/wav', size: WAV.length }),
    ]);
    // Downloaded as a file to save, of the type sniffed at upload (the provider said audio/x-wav), never rendered.
    const download = await fetch(`http://127.0.0.1:${intake.port}/attachments/${attachments.items[0].attachmentId}`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('audio/wav');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="?voice_note-[^"]+\.wav"?$/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await download.arrayBuffer()).equals(WAV)).toBe(true);
    const metrics = await fetch(`http://127.0.0.1:${ivr.port}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/carelink_ivr_step_duration_seconds_count\{[^}]*node="apply-record"[^}]*\} 1/);
    const rec = await ivr.records.get('CAapply0001');
    expect(rec).toMatchObject({ outcome: 'applied', caseNumber, callerMasked: '137****0000' });
    expect(rec!.path).toHaveLength(9);
    expect(rec!.path[1]).toBe('id-entry:keyed');
    expect(rec!.path[4]).toBe('code-entry:keyed');
    const listed = await fetch(`http://127.0.0.1:${ivr.port}/calls?since=2020-01-01`, {
      headers: {
        authorization: `Bearer ${await issueStaffToken({ sub: 'op', role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' }, staffKeys.signingKey)}`,
      },
    }).then((r) => r.text());
    expect(listed).toContain('id-entry:keyed');
    expect(listed).not.toContain(first17);
  });

  it('complaint after hearing the status with the code texted to the phone on file: about the latest case, with the recording; number read back', async () => {
    const c = call('CAcomplain01', '+8613700000000');
    // The calling number alone names nobody.
    expect((await c.send()).text).not.toContain('刘秀英');
    expect((await c.send({ Digits: '3' })).text).toContain('十八位身份证号码');
    await c.send({ Digits: KEYED_ID });
    expect((await c.send({ Digits: '2' })).text).toContain('六位验证码');
    const status = await c.send({ Digits: lastCodeTo('13700000000')! });
    expect(status.text).toContain('刘秀英，您好。');
    // Newest first: the cleaning applied for by phone, then the meals from the window.
    expect(status.text).toMatch(/申请的居家清洁，[^<]+。<\/Say><Say[^>]*>\d+月\d+日申请的助餐送餐，/);
    // Asked what the complaint is about, then which of their two applications.
    expect((await c.send({ Digits: '2' })).text).toContain('您的申请请按1，服务机构或服务人员请按2');
    const which = await c.send({ Digits: '1' });
    expect(which.text).toMatch(
      /请选择是哪一件申请：<\/Say><Say[^>]*>\d+月\d+日申请的居家清洁请按1，\d+月\d+日申请的助餐送餐请按2/,
    );
    expect((await c.send({ Digits: '1' })).text).toContain('<Record');
    // Complaints learns cases from intake's events: wait until it knows this one.
    await until(async () =>
      (await complaints.ctx.connection.collection('known_cases').findOne({ caseNumber })) ? true : undefined,
    );
    const filed = await c.send({ RecordingUrl: `${stubUrl}/recordings/RE2`, RecordingDuration: '8' });
    expect(filed.text).toContain('您的投诉已受理');
    expect(filed.text).toContain('T S');
    const received = await until(() => seen.find((e) => e.type === 'complaint.received.v1'));
    expect(received.data).toMatchObject({ channel: 'ivr', about: { caseNumber }, township: '341702001' });
    const complaint = (await fetch(
      `http://127.0.0.1:${complaints.port}/complaints/${received.data.complaintId as string}`,
      { headers: { authorization: `Bearer ${await clerk()}` } },
    ).then((r) => r.json())) as Json;
    expect(complaint.type).toBe('eligibility_decision');
    expect(JSON.stringify(received.data)).not.toContain('13700000000');
  });

  it('a registration with someone else’s ID number and a new phone takes nothing over: the next call from that phone hears neither their name nor their requests', async () => {
    const forger = '13611112222';
    const staffLookup = async (query: string) =>
      (await fetch(`http://127.0.0.1:${intake.port}/residents/requests?${query}`, {
        headers: { authorization: `Bearer ${await clerk()}` },
      }).then((r) => r.json())) as Json;
    // What the adapter sends for a caller who keyed in the victim's ID number: another name, the caller's phone.
    await platform.registerRequest({
      callSid: 'CAforger-direct',
      region: 'chizhou',
      idNumber: ID,
      name: '冒名者',
      phone: forger,
      township: '341702001',
      group: 'dibao',
      itemCode: 'CZ-JK-01',
      recordingUrl: `${stubUrl}/recordings/RE9`,
    });
    expect((await staffLookup(`idNumber=${ID}`)).person.name).toBe('刘秀英');
    expect((await staffLookup(`phone=${forger}`)).person).toBeNull();

    const c = call('CAforger0001', `+86${forger}`);
    const said: string[] = [(await c.send()).text];
    said.push((await c.send({ Digits: '3' })).text);
    said.push((await c.send({ Digits: KEYED_ID })).text);
    said.push((await c.send({ Digits: '2' })).text);
    // The code goes to the phone on file, not to the caller.
    expect(texted.filter((t) => t.to.endsWith(forger))).toEqual([]);
    for (const guess of ['000000', '123456', '999999']) {
      const answer = await c.send({ Digits: guess });
      expect(answer.text).toContain('验证码不正确');
      said.push(answer.text);
    }
    const last = await c.send({ Digits: '111111' });
    expect(last.text).toContain('<Dial');
    said.push(last.text);
    for (const text of said) {
      expect(text).not.toContain('刘秀英');
      expect(text).not.toContain('助餐送餐，');
    }
    expect(await ivr.records.get('CAforger0001')).toMatchObject({ outcome: 'operator' });
  });

  it('a caller whose number is withheld complains all the same (no phone is sent)', async () => {
    const c = call('CAanonymous1', 'anonymous');
    expect((await c.send()).text).toContain('申请服务请按1');
    expect((await c.send({ Digits: '2' })).text).toContain('其他事情请按4');
    expect((await c.send({ Digits: '4' })).text).toContain('池阳街道请按01');
    expect((await c.send({ Digits: '01' })).text).toContain('<Record');
    const filed = await c.send({ RecordingUrl: `${stubUrl}/recordings/RE3`, RecordingDuration: '6' });
    expect(filed.text).toContain('您的投诉已受理');
    expect(filed.text).not.toContain('<Dial');
    const received = await until(() =>
      seen.find((e) => e.type === 'complaint.received.v1' && e.data.about?.township === '341702001'),
    );
    expect(received.data).toMatchObject({ channel: 'ivr', township: '341702001' });
  });

  it('downloads recordings from the provider’s hosts only: another host is never asked, the caller gets an operator', async () => {
    const c = call('CAotherhost1', '+8613800000000');
    await c.send();
    await c.send({ Digits: '2' });
    await c.send({ Digits: '3' });
    expect((await c.send({ Digits: '01' })).text).toContain('<Record');
    const answer = await c.send({ RecordingUrl: `${elsewhereUrl}/recordings/RE4`, RecordingDuration: '6' });
    expect(answer.text).toContain('<Dial');
    expect(answer.text).not.toContain('您的投诉已受理');
    expect(elsewhereHits).toBe(0);
    expect(await ivr.records.get('CAotherhost1')).toMatchObject({ outcome: 'operator' });
  });

  it('its service tokens are adapter tokens for channel ivr: the staff key does not take them, nor they a staff role', async () => {
    const token = await adapterTokens(ivrKeys.signingKey, PolicyPacks.load())('chizhou');
    await expect(verifyBearerToken(token, { staffKeys: staffKeys.publicKeys })).rejects.toThrow();
    await expect(
      verifyBearerToken(token, { staffKeys: staffKeys.publicKeys, adapterKeys: ivrKeys.publicKeys }),
    ).resolves.toMatchObject({ role: 'channel_adapter', channel: 'ivr', region: 'chizhou' });
    // The adapter may file for its own channel only.
    const asWindow = await fetch(`http://127.0.0.1:${intake.port}/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'chizhou',
        channel: 'window',
        applicant: { name: '刘秀英', idNumber: ID },
        address: { township: '341702001' },
        declaredGroups: ['tekun'],
        items: ['CZ-SH-01'],
      }),
    });
    expect(asWindow.status).toBe(403);
    expect(((await asWindow.json()) as Json).code).toBe('channel_mismatch');
  });

  it('bad digits and silence re-prompt three times, then an operator; nothing is made; the call is recorded', async () => {
    const c = call('CAbaddigits1', '+8613500000000');
    await c.send();
    for (const digits of ['7', '', '#']) expect((await c.send({ Digits: digits })).text).toContain('没有听清');
    const transfer = await c.send({ Digits: '9' });
    expect(transfer.text).toContain('<Dial>0566-2212349</Dial>');
    expect(await ivr.records.get('CAbaddigits1')).toMatchObject({
      outcome: 'operator',
      path: ['menu:7', 'menu:none', 'menu:#', 'menu:9'],
    });
    expect(made.filter((m) => m.phone === '13500000000')).toEqual([]);
  });

  it('a hang-up mid-flow leaves no request but a call record marked abandoned', async () => {
    const c = call('CAhangup0001', '+8613600000000');
    await c.send();
    await c.send({ Digits: '1' });
    expect(
      (await webhook('/ivr/chizhou/voice/status', { CallSid: 'CAhangup0001', CallStatus: 'completed' })).status,
    ).toBe(204);
    expect(await ivr.records.get('CAhangup0001')).toMatchObject({
      outcome: 'abandoned',
      endStatus: 'completed',
      path: ['menu:1'],
    });
    // The status webhook has answered and the call never reached a step that makes anything.
    expect(made.filter((m) => m.phone === '13600000000')).toEqual([]);
  });

  it('refuses unsigned and badly signed webhooks with 403, and signatures over another URL', async () => {
    const params = { CallSid: 'CAsig0000001', From: '+8613900000000' };
    expect((await webhook('/ivr/chizhou/voice', params, 'none')).status).toBe(403);
    expect((await webhook('/ivr/chizhou/voice', params, 'bad')).status).toBe(403);
    const forOther = twilio.getExpectedTwilioSignature(
      AUTH_TOKEN,
      'https://ivr.carelink.test/ivr/changji/voice',
      params,
    );
    const res = await fetch(`http://127.0.0.1:${ivr.port}/ivr/chizhou/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': forOther },
      body: new URLSearchParams(params),
    });
    expect(res.status).toBe(403);
    expect(await ivr.records.get('CAsig0000001')).toBeNull();
  });

  it('malformed webhooks (property-based): signed garbage gets 400 or an answer, never a 5xx; unsigned gets 403', async () => {
    const field = fc.oneof(
      fc.constantFrom('CallSid', 'From', 'Digits', 'RecordingUrl', 'RecordingDuration', 'CallStatus', 'SpeechResult'),
      fc.string({ minLength: 1, maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(field, fc.string({ maxLength: 60 }), { maxKeys: 6 }),
        fc.constantFrom(
          '/ivr/chizhou/voice',
          '/ivr/chizhou/voice/step?seq=1',
          '/ivr/changji/voice/step?seq=3',
          '/ivr/nowhere/voice',
        ),
        fc.boolean(),
        async (params, path, signed) => {
          const r = await webhook(path, params, signed ? 'good' : 'none');
          if (!signed) expect(r.status).toBe(403);
          else expect([200, 400, 404, 409]).toContain(r.status);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a first-time caller applies: name and need recorded, awaiting identity; the township hears it, calls back and completes it as a request', async () => {
    const first17new = '34170219520715003';
    const newId = first17new + checkCharacter(first17new);
    const keyed = `${first17new}${checkCharacter(first17new) === 'X' ? '*' : checkCharacter(first17new)}#`;
    const intakeUrl = `http://127.0.0.1:${intake.port}`;
    const c = call('CAfirst00001', '+8613311112222');
    await c.send();
    await c.send({ Digits: '1' });
    await c.send({ Digits: keyed });
    // Nobody is on file for this number: no text goes out, and the caller is told what to do.
    expect((await c.send({ Digits: '2' })).text).toContain('首次申请、没有收到短信的，请按9');
    expect((await c.send({ Digits: '9' })).text).toContain('请在提示音后说出您的姓名');
    const named = await c.send({ RecordingUrl: `${stubUrl}/recordings/NAME1`, RecordingDuration: '3' });
    expect(named.text).toContain('池阳街道请按01');
    expect((await c.send({ Digits: '01' })).text).toContain('说明您需要什么服务');
    const filed = await c.send({ RecordingUrl: `${stubUrl}/recordings/NEED1`, RecordingDuration: '20' });
    expect(filed.text).toContain('您的申请已登记，登记编号是');
    expect(filed.text).toContain('工作人员会打您现在的电话');
    expect(made.filter((m) => m.phone === '13311112222')).toEqual([{ what: 'application', phone: '13311112222' }]);
    expect(await ivr.records.get('CAfirst00001')).toMatchObject({ outcome: 'applied' });

    const caseworker = { authorization: `Bearer ${await clerk()}` };
    const pending = (await fetch(`${intakeUrl}/pending-applications`, { headers: caseworker }).then((r) =>
      r.json(),
    )) as Json;
    const application = (pending.items as Json[]).find((a) => a.callerPhone === '13311112222')!;
    expect(application).toMatchObject({
      channel: 'ivr',
      township: '341702001',
      status: 'awaiting_identity',
      recordings: { name: true, need: true },
    });
    expect(application.applicationNumber).toMatch(/^CZ341702-\d{4}-D\d{5}$/);
    // The number read out is the application's.
    const spokenTail = [...(application.applicationNumber as string).slice(-5)]
      .map((d) => '零一二三四五六七八九'[Number(d)])
      .join(' ');
    expect(filed.text).toContain(`D ${spokenTail}`);
    // Nothing was registered yet: no person's file, no case.
    expect(seen.filter((e) => e.type.startsWith('request.registered.') && e.data.applicant?.name === '马桂花')).toEqual(
      [],
    );
    const heard = await fetch(
      `${intakeUrl}/pending-applications/${application.applicationId as string}/recordings/need`,
      { headers: caseworker },
    );
    expect(heard.status).toBe(200);
    expect(Buffer.from(await heard.arrayBuffer()).equals(WAV)).toBe(true);
    // The hotline does not read the township's call-back list.
    const operator = await issueStaffToken(
      { sub: 'op', role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' },
      staffKeys.signingKey,
    );
    expect(
      (await fetch(`${intakeUrl}/pending-applications`, { headers: { authorization: `Bearer ${operator}` } })).status,
    ).toBe(403);

    const complete = () =>
      fetch(`${intakeUrl}/pending-applications/${application.applicationId as string}/completion`, {
        method: 'POST',
        headers: { ...caseworker, 'content-type': 'application/json' },
        body: JSON.stringify({
          applicant: { name: '马桂花', idNumber: newId },
          declaredGroups: ['dibao'],
          items: ['CZ-SH-01'],
          consentToShare: true,
        }),
      });
    const completed = await complete();
    expect(completed.status).toBe(201);
    const outcome = (await completed.json()) as Json;
    const registered = await until(() =>
      seen.find((e) => e.type.startsWith('request.registered.') && e.data.caseNumber === outcome.caseNumber),
    );
    expect(registered.data).toMatchObject({
      channel: 'ivr',
      applicant: { name: '马桂花' },
      address: { township: '341702001' },
      items: [{ itemCode: 'CZ-SH-01' }],
    });
    const attachments = (await fetch(`${intakeUrl}/requests/${outcome.caseId as string}/attachments`, {
      headers: caseworker,
    }).then((r) => r.json())) as Json;
    expect((attachments.items as Json[]).map((a) => a.kind)).toEqual(['voice_note', 'voice_note']);
    const again = await complete();
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).code).toBe('already_completed');
    const completedList = (await fetch(`${intakeUrl}/pending-applications?status=completed`, {
      headers: caseworker,
    }).then((r) => r.json())) as Json;
    expect((completedList.items as Json[]).find((a) => a.applicationId === application.applicationId)).toMatchObject({
      completion: { caseNumber: outcome.caseNumber },
    });
  });

  it('a recording the provider cannot serve yet is fetched again on the job queue (real Redis) with back-off: the complaint is filed with it', async () => {
    const c = call('CAflaky00001', '+8613322223333');
    await c.send();
    await c.send({ Digits: '2' });
    await c.send({ Digits: '4' });
    await c.send({ Digits: '01' });
    const answer = await c.send({ RecordingUrl: `${stubUrl}/flaky/RE7`, RecordingDuration: '7' });
    // Not "system busy": the caller is told the complaint is recorded.
    expect(answer.text).toContain('您的投诉已记录，录音正在处理');
    expect(answer.text).not.toContain('<Dial');
    const rec = await until(async () => {
      const r = await ivr.records.get('CAflaky00001');
      return r?.complaintNumber ? r : undefined;
    }, 600);
    expect(rec).toMatchObject({ outcome: 'complained', recording: { service: 'complaints' } });
    // Failed during the call (twice) and on the queue's first attempt, served on a later one.
    expect(flakyHits['/flaky/RE7']).toBe(FLAKY_FAILURES + 1);
    const received = await until(() =>
      seen.find((e) => e.type === 'complaint.received.v1' && e.data.complaintNumber === rec.complaintNumber),
    );
    expect(received.data).toMatchObject({ channel: 'ivr', about: { township: '341702001' } });
    expect(made.filter((m) => m.phone === '13322223333')).toEqual([{ what: 'complaint', phone: '13322223333' }]);
  });
});
