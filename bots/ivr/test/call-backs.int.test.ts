/**
 * The hotline's call records and call-back list over HTTP, on the real servers: calls driven as the telephony
 * provider sends them (signed form posts) into the IVR, which files complaints with the real complaints service
 * (in-process on Kafka, FerretDB and Redis); recordings come from a local HTTP server, as a provider's
 * RecordingUrl would. The operator lists the calls (the calling number theirs alone), plays a recorded complaint
 * through complaints, works the call-back list (hung up, asked for an operator, no recording, a service failed)
 * and records who called back and when; every read is audited.
 */
import { issueLocalToken, startService, type RunningService } from '@carelink/service-host';
import { PolicyPacks } from '@carelink/policy';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { createConfig as complaintsConfig } from '../../../services/complaints/src/config';
import { complaintsService } from '../../../services/complaints/src/service';
import { createConfig } from '../src/config';
import { PlatformClient } from '../src/data-access/platform-client';
import { adapterTokens, startIvr, type RunningIvr } from '../src/ivr-app';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire data, checked field by field

const AUTH_TOKEN = 'test-voice-auth-token-0123456789';
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.alloc(64, 5)]);

describe('call records and the call-back list (real servers)', () => {
  const runId = uniqueName('ivrcb');
  let complaints: RunningService;
  let ivr: RunningIvr;
  let recordings: Server;
  let recordingsUrl: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const servers = await testServers();
    complaints = (await startService(
      complaintsService,
      complaintsConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_complaints`),
      }),
    )) as unknown as RunningService;
    recordings = createServer((req, res) => {
      if (req.url?.startsWith('/recordings/')) res.writeHead(200, { 'content-type': 'audio/x-wav' }).end(WAV);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => recordings.listen(0, '127.0.0.1', r));
    recordingsUrl = `http://127.0.0.1:${(recordings.address() as AddressInfo).port}`;
    const config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      PUBLIC_BASE_URL: 'https://ivr.carelink.test',
      VOICE_AUTH_TOKEN: AUTH_TOKEN,
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_ivr`),
      REDIS_URL: servers.redisUrl,
      REDIS_PREFIX: runId,
      VOICE_RECORDING_HOSTS: recordingsUrl,
      LOG_LEVEL: 'silent',
    });
    ivr = await startIvr(config, {
      ports: new PlatformClient({
        // No call here looks anyone up or applies: intake is not asked.
        intakeUrl: 'http://127.0.0.1:9',
        complaintsUrl: `http://127.0.0.1:${complaints.port}`,
        schedulingUrl: 'http://127.0.0.1:9',
        token: adapterTokens(config.ADAPTER_TOKEN_SIGNING_KEY, PolicyPacks.load()),
        recordingHosts: config.VOICE_RECORDING_HOSTS,
      }),
    });
    tokens.operator = await issueLocalToken({
      sub: 'op-1',
      role: 'hotline_operator',
      region: 'chizhou',
      jurisdiction: '3417',
    });
    tokens.county = await issueLocalToken({
      sub: 'cty-1',
      role: 'county_officer',
      region: 'chizhou',
      jurisdiction: '341702',
    });
    tokens.changji = await issueLocalToken({
      sub: 'op-cj',
      role: 'hotline_operator',
      region: 'changji',
      jurisdiction: '6523',
    });
    tokens.clerk = await issueLocalToken({
      sub: 'clerk',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
    });

    // Five calls: a complaint with its recording; one that hung up at the menu; one that asked for an operator;
    // one that left no recording and hung up; one whose recording the provider served from elsewhere (the
    // complaint could not be made).
    const complained = call('CAcb-complaint', '+8613700000001');
    await complained.send();
    await complained.send({ Digits: '2' });
    await complained.send({ Digits: '4' });
    await complained.send({ Digits: '01' });
    const filed = await complained.send({ RecordingUrl: `${recordingsUrl}/recordings/RE1`, RecordingDuration: '9' });
    expect(filed.text).toContain('您的投诉已受理');
    await status('CAcb-complaint', '+8613700000001');

    const hungUp = call('CAcb-hungup', '+8613700000002');
    await hungUp.send();
    await status('CAcb-hungup', '+8613700000002');

    const operator = call('CAcb-operator', '+8613700000003');
    await operator.send();
    expect((await operator.send({ Digits: '0' })).text).toContain('<Dial');

    const silent = call('CAcb-silent', '+8613700000004');
    await silent.send();
    await silent.send({ Digits: '2' });
    await silent.send({ Digits: '4' });
    await silent.send({ Digits: '01' });
    expect((await silent.send({})).text).toContain('没有收到您的留言');
    await status('CAcb-silent', '+8613700000004');

    const failed = call('CAcb-failed', '+8613700000005');
    await failed.send();
    await failed.send({ Digits: '2' });
    await failed.send({ Digits: '4' });
    await failed.send({ Digits: '01' });
    const refused = await failed.send({ RecordingUrl: 'https://elsewhere.example/RE9', RecordingDuration: '5' });
    expect(refused.text).toContain('系统繁忙');
  });

  afterAll(async () => {
    await ivr?.stop();
    recordings?.close();
    await complaints?.ctx.connection.dropDatabase();
    await complaints?.stop();
  });

  /** Posts a webhook the way the provider does: form-encoded, signed over the public URL and the params. */
  async function webhook(path: string, params: Record<string, string>) {
    const res = await fetch(`http://127.0.0.1:${ivr.port}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `https://ivr.carelink.test${path}`, params),
      },
      body: new URLSearchParams(params),
    });
    return { status: res.status, text: await res.text() };
  }

  /** A call: the incoming webhook, then each answer at the step the last TwiML pointed to. */
  function call(callSid: string, from: string) {
    let next = '/ivr/chizhou/voice';
    return {
      send: async (params: Record<string, string> = {}) => {
        const r = await webhook(next, { CallSid: callSid, From: from, To: '+8612345', ...params });
        const action = /action="https:\/\/ivr\.carelink\.test([^"]+)"/.exec(r.text)?.[1];
        if (action) next = action.replace(/&amp;/g, '&');
        return r;
      },
    };
  }

  /** The provider's status callback: the call ended. */
  const status = (callSid: string, from: string) =>
    webhook('/ivr/chizhou/voice/status', { CallSid: callSid, From: from, CallStatus: 'completed' });

  const get = async (
    service: 'ivr' | 'complaints',
    path: string,
    who: string,
    headers: Record<string, string> = {},
  ) => {
    const port = service === 'ivr' ? ivr.port : complaints.port;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { authorization: `Bearer ${tokens[who]}`, ...headers },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    let body: Json;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      body = undefined;
    }
    return { status: res.status, body, bytes, headers: res.headers };
  };
  const post = async (path: string, who: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${ivr.port}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const sidsOf = (body: Json) => (body.items as Json[]).map((c) => c.callSid);

  it('lists the calls of the day with outcomes; the calling number for the hotline only', async () => {
    const mine = await get('ivr', '/calls?page=1&pageSize=10', 'operator');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 5, page: 1, pageSize: 10, totalCapped: false });
    expect(mine.body.outcomes).toEqual({ complained: 1, abandoned: 2, operator: 2 });
    expect(sidsOf(mine.body)).toEqual(['CAcb-failed', 'CAcb-silent', 'CAcb-operator', 'CAcb-hungup', 'CAcb-complaint']);
    const byOperator = mine.body.items.find((c: Json) => c.callSid === 'CAcb-operator');
    expect(byOperator).toMatchObject({ callerNumber: '13700000003', callerMasked: '137****0003', outcome: 'operator' });
    // The county supervises the hotline's calls without the numbers; another region's hotline sees none of them.
    const county = await get('ivr', '/calls?page=1&pageSize=10', 'county');
    expect(county.body.total).toBe(5);
    expect(JSON.stringify(county.body)).not.toMatch(/1370000000\d|callerNumber/);
    expect((await get('ivr', '/calls', 'changji')).body.total).toBe(0);
    expect((await get('ivr', '/calls', 'clerk')).status).toBe(403);
    // Filters: outcome (comma list), days.
    expect(sidsOf((await get('ivr', '/calls?outcome=complained,operator&pageSize=10', 'operator')).body)).toEqual([
      'CAcb-failed',
      'CAcb-operator',
      'CAcb-complaint',
    ]);
    expect(sidsOf((await get('ivr', '/calls?caller=0004', 'operator')).body)).toEqual(['CAcb-silent']);
    const complained = (await get('ivr', '/calls?outcome=complained', 'operator')).body.items[0];
    expect(sidsOf((await get('ivr', `/calls?q=${complained.complaintNumber}`, 'operator')).body)).toEqual([
      'CAcb-complaint',
    ]);
    expect((await get('ivr', '/calls?caller=12', 'operator')).status).toBe(400);
    // Ended calls say how long they lasted; one still going does not.
    expect(complained.durationSeconds).toEqual(expect.any(Number));
    expect(byOperator).not.toHaveProperty('durationSeconds');
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    expect((await get('ivr', `/calls?from=${yesterday}&to=${yesterday}`, 'operator')).body.total).toBe(0);
    // Stored sealed: the number is not in the record in clear.
    const stored = await ivr.records.get('CAcb-operator');
    expect(stored?.callerNumber).toBe('13700000003');
    const raw = await complaints.ctx.connection
      .getClient()
      .db(`${runId}_ivr`)
      .collection('calls')
      .findOne({ _id: 'CAcb-operator' as never });
    expect(JSON.stringify(raw)).not.toContain('13700000003');
    expect(raw!.callerSealed).toMatch(/^v1\./);
  });

  it("plays the caller's recorded complaint in the page, through complaints", async () => {
    const { body } = await get('ivr', '/calls?outcome=complained', 'operator');
    const [complained] = body.items;
    expect(complained.recording).toEqual({
      service: 'complaints',
      complaintId: expect.any(String),
      attachmentId: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
    expect(complained.callBack).toBeUndefined();
    const { complaintId, attachmentId } = complained.recording;
    const played = await get('complaints', `/complaints/${complaintId}/attachments/${attachmentId}`, 'operator');
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/wav');
    expect(played.bytes.equals(WAV)).toBe(true);
    const ranged = await get('complaints', `/complaints/${complaintId}/attachments/${attachmentId}`, 'operator', {
      range: 'bytes=0-3',
    });
    expect(ranged.status).toBe(206);
    expect(ranged.bytes.toString()).toBe('RIFF');
    const complaint = await get('complaints', `/complaints/${complaintId}`, 'operator');
    expect(complaint.body).toMatchObject({ complaintNumber: complained.complaintNumber, channel: 'ivr' });
  });

  it('lists the callers to call back with why, and records who called back and when', async () => {
    const pending = await get('ivr', '/call-backs', 'operator');
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    const reasons = Object.fromEntries(
      (pending.body.items as Json[]).map((c) => [c.callSid, [c.callBack.reason, c.callerNumber]]),
    );
    expect(reasons).toEqual({
      'CAcb-failed': ['service_failed', '13700000005'],
      'CAcb-silent': ['recording_failed', '13700000004'],
      'CAcb-operator': ['asked_operator', '13700000003'],
      'CAcb-hungup': ['hung_up', '13700000002'],
    });
    // Not reached: still pending, with the attempt; reached: done.
    const missed = await post('/calls/CAcb-hungup/call-back', 'operator', { reached: false, note: '无人接听' });
    expect(missed.status).toBe(201);
    expect(missed.body.callBack).toMatchObject({
      reason: 'hung_up',
      state: 'pending',
      attempts: [{ by: 'op-1', reached: false, note: '无人接听', at: expect.any(String) }],
    });
    const reached = await post('/calls/CAcb-hungup/call-back', 'operator', {
      reached: true,
      note: '已回电，居民将再次来电申请',
    });
    expect(reached.body.callBack.state).toBe('done');
    expect(reached.body.callBack.attempts).toHaveLength(2);
    expect(sidsOf((await get('ivr', '/call-backs', 'operator')).body)).toEqual([
      'CAcb-failed',
      'CAcb-silent',
      'CAcb-operator',
    ]);
    expect(sidsOf((await get('ivr', '/call-backs?state=done', 'operator')).body)).toEqual(['CAcb-hungup']);
    expect(sidsOf((await get('ivr', '/calls?callBack=done', 'operator')).body)).toEqual(['CAcb-hungup']);
    // The county reads the list without numbers; it does not call back. A call that needs none, or of another
    // region, is refused.
    const county = await get('ivr', '/call-backs', 'county');
    expect(county.body.total).toBe(3);
    expect(JSON.stringify(county.body)).not.toMatch(/callerNumber|1370000000\d/);
    expect((await post('/calls/CAcb-operator/call-back', 'county', { reached: true })).status).toBe(403);
    const notNeeded = await post('/calls/CAcb-complaint/call-back', 'operator', { reached: true });
    expect(notNeeded.status).toBe(409);
    expect(notNeeded.body.code).toBe('no_call_back');
    expect((await post('/calls/CAcb-operator/call-back', 'changji', { reached: true })).status).toBe(404);
    expect((await post('/calls/CAcb-operator/call-back', 'operator', {})).status).toBe(400);
  });

  it('audits every read of the call records and every call-back', async () => {
    const trail = await complaints.ctx.connection
      .getClient()
      .db(`${runId}_ivr`)
      .collection('audit_trail')
      .find({})
      .toArray();
    const reads = trail.filter((e) => e.action === 'read' && e.subjectType === 'call');
    expect(reads.some((e) => e.actor === 'op-1' && e.resource === 'GET /call-backs' && e.purpose === 'call back')).toBe(
      true,
    );
    expect(
      reads.some((e) => e.actor === 'cty-1' && e.resource === 'GET /calls' && e.subjectIds.includes('CAcb-operator')),
    ).toBe(true);
    const calledBack = trail.filter((e) => e.action === 'update' && e.subjectId === 'CAcb-hungup');
    expect(calledBack.map((e) => [e.actor, e.purpose])).toEqual([
      ['op-1', 'called back: not reached'],
      ['op-1', 'called back: reached'],
    ]);
    expect(trail.some((e) => e.action === 'denied' && e.actor === 'clerk')).toBe(true);
  });
});
