/**
 * Complaint worklists over HTTP on the real servers (complaints in-process on Kafka, FerretDB and Redis): the
 * hotline's queue with the time limit each complaint runs against, the complaints assigned to the caller's
 * township or county, by state, channel, provider and overdue, a page at a time with the total; a complaint read
 * by its number; a recorded complaint played in the page (whole or by byte range, audited as a personal-data
 * read); and the providers' scores. The queries behind the lists are pushed down.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { issueLocalToken, type RunningService, startService } from '@carelink/service-host';
import { connectMongo, withDocumentLock } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import pino from 'pino';
import { createConfig, type ComplaintsConfig } from '../src/config';
import { ComplaintRepository } from '../src/data-access/complaint-repository';
import { complaintsService } from '../src/service';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

/** A WAV file (RIFF … WAVE): what the hotline's recordings are. */
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.alloc(120, 3)]);

describe('complaint worklists, recordings and provider scores over HTTP (real servers)', () => {
  let running: RunningService<ComplaintsConfig>;
  const runId = uniqueName('cplwl');
  const tokens: Record<string, string> = {};
  const filed: Record<string, { complaintId: string; complaintNumber: string }> = {};
  let recordingId: string;

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const call = async (
    method: string,
    path: string,
    who: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(url(path), {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body !== undefined ? { 'content-type': Buffer.isBuffer(body) ? 'audio/wav' : 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    let json: Json;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, bytes, headers: res.headers };
  };
  const list = async (query: string, who: string) => {
    const r = await call('GET', `/complaints?${query}`, who);
    expect(r.status).toBe(200);
    return r.body;
  };
  const numbersOf = (body: Json) => (body.items as Json[]).map((c) => c.complaintNumber);
  const move = async (key: string, who: string, body: Json) => {
    const r = await call('POST', `/complaints/${filed[key]!.complaintId}/transitions`, who, body);
    expect(r.status).toBe(201);
  };

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      complaintsService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_complaints`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
      }),
    );
    const staff: Record<string, Omit<StaffPrincipal, 'sub'>> = {
      operator: { role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' },
      township: { role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      neighbour: { role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702002' },
      county: { role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
      ivr: { role: 'channel_adapter', region: 'chizhou', jurisdiction: '3417', channel: 'ivr' },
    };
    for (const [sub, p] of Object.entries(staff)) tokens[sub] = await issueLocalToken({ sub, ...p });
    // The IVR uploads a caller's recording, then files the complaint with it (as bots/ivr does).
    const uploaded = await call('POST', '/attachments?kind=voice_note', 'ivr', WAV);
    expect(uploaded.status).toBe(201);
    recordingId = uploaded.body.attachmentId;
    const receive = async (key: string, who: string, body: Json) => {
      const r = await call('POST', '/complaints', who, { region: 'chizhou', kind: 'complaint', ...body });
      expect(r.status).toBe(201);
      filed[key] = r.body;
    };
    await receive('byPhone', 'ivr', {
      channel: 'ivr',
      type: 'other',
      about: { township: '341702001' },
      summary: '热线电话语音投诉，内容见录音附件',
      attachmentIds: [recordingId],
      reporter: { phone: '13700000000' },
    });
    await receive('provider', 'operator', {
      channel: 'hotline',
      type: 'service_quality',
      about: { providerId: 'alpha', township: '341702001' },
      summary: '护理员多次迟到',
      reporter: { phone: '13800000001' },
    });
    await receive('conduct', 'operator', {
      channel: 'hotline',
      type: 'staff_conduct',
      about: { township: '341702001' },
      summary: '窗口工作人员态度差',
    });
    await receive('neighbour', 'operator', {
      channel: 'hotline',
      type: 'money',
      about: { township: '341702002' },
      summary: '补贴发放延迟',
    });
    // The provider complaint goes to the township; the conduct one up to the county.
    await move('provider', 'operator', { to: 'acknowledged', reason: '已受理' });
    await move('provider', 'operator', {
      to: 'assigned',
      reason: '交乡镇核查',
      assignee: { level: 'township', unit: '341702001' },
    });
    await move('conduct', 'operator', { to: 'acknowledged', reason: '已受理' });
    await move('conduct', 'county', {
      to: 'assigned',
      reason: '县级核查',
      assignee: { level: 'county', unit: '341702' },
    });
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  it("gives the hotline's queue with the time limit each complaint runs against, a page at a time", async () => {
    const queue = await list('page=1&pageSize=2', 'operator');
    expect(queue).toMatchObject({ page: 1, pageSize: 2, total: 4, totalCapped: false });
    expect(numbersOf(queue)).toEqual([filed.neighbour!.complaintNumber, filed.conduct!.complaintNumber]);
    const [first] = queue.items;
    expect(first.due).toEqual({ kind: 'acknowledge', dueAt: first.acknowledgeBy, overdue: false });
    expect(queue.items[1].due).toEqual({ kind: 'resolve', dueAt: queue.items[1].resolveBy, overdue: false });
    expect(first).not.toHaveProperty('reporterSealed');
    // Phone complaints awaiting contact: received, not acknowledged yet.
    expect(numbersOf(await list('channel=hotline,ivr&status=received&pageSize=10', 'operator'))).toEqual([
      filed.neighbour!.complaintNumber,
      filed.byPhone!.complaintNumber,
    ]);
    expect(numbersOf(await list('channel=ivr', 'operator'))).toEqual([filed.byPhone!.complaintNumber]);
    // Soonest due first.
    const byDeadline = await list('sort=deadline&pageSize=10', 'operator');
    const due = (byDeadline.items as Json[]).map((c) => c.due.dueAt);
    expect(due).toEqual([...due].sort());
    expect(byDeadline.total).toBe(4);
    expect((await list('overdue=true&pageSize=10', 'operator')).total).toBe(0);
    expect((await list('overdue=false&pageSize=10', 'operator')).total).toBe(4);
    expect((await call('GET', '/complaints?status=lost', 'operator')).status).toBe(400);
  });

  it("lists the complaints assigned to the caller's township or county, and by state, type and provider", async () => {
    expect(numbersOf(await list('assigned=mine&pageSize=10', 'township'))).toEqual([filed.provider!.complaintNumber]);
    expect(numbersOf(await list('assigned=mine&pageSize=10', 'county'))).toEqual([filed.conduct!.complaintNumber]);
    expect((await list('assigned=mine&pageSize=10', 'neighbour')).items).toEqual([]);
    expect(numbersOf(await list('providerId=alpha&pageSize=10', 'county'))).toEqual([filed.provider!.complaintNumber]);
    expect(numbersOf(await list('type=money&pageSize=10', 'county'))).toEqual([filed.neighbour!.complaintNumber]);
    expect((await list('status=assigned&pageSize=1', 'county')).total).toBe(2);
    // Once resolved it leaves "assigned to me" (open ones only) but stays in the history.
    await move('provider', 'township', { to: 'investigating', reason: '核查中' });
    await move('provider', 'township', {
      to: 'resolved',
      reason: '已约谈服务机构',
      outcome: { upheld: true, summary: '情况属实，已整改' },
    });
    expect((await list('assigned=mine&pageSize=10', 'township')).items).toEqual([]);
    expect(numbersOf(await list('assigned=mine&status=resolved&pageSize=10', 'township'))).toEqual([
      filed.provider!.complaintNumber,
    ]);
    const resolved = (await list('providerId=alpha', 'county')).items[0];
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect(resolved).not.toHaveProperty('due');
  });

  it('searches by complaint number, its tail or a case number, by kind, types, place and days', async () => {
    const { complaintNumber } = filed.provider!;
    expect(numbersOf(await list(`q=${complaintNumber}`, 'operator'))).toEqual([complaintNumber]);
    expect(numbersOf(await list(`q=${complaintNumber.toLowerCase()}`, 'operator'))).toEqual([complaintNumber]);
    const tail = complaintNumber.split('-').pop()!;
    expect(numbersOf(await list(`q=-${tail}&pageSize=10`, 'operator'))).toEqual([complaintNumber]);
    expect(numbersOf(await list(`q=${Number(tail)}`, 'operator'))).toEqual([complaintNumber]);
    expect((await list('q=CZ341702-2026-000001', 'operator')).items).toEqual([]);
    expect((await call('GET', '/complaints?q=hello', 'operator')).status).toBe(400);
    expect((await list('kind=consultation', 'operator')).items).toEqual([]);
    expect((await list('kind=complaint&pageSize=1', 'operator')).total).toBe(4);
    expect(numbersOf(await list('type=money,staff_conduct&pageSize=10', 'operator'))).toEqual([
      filed.neighbour!.complaintNumber,
      filed.conduct!.complaintNumber,
    ]);
    expect(numbersOf(await list('township=341702002', 'operator'))).toEqual([filed.neighbour!.complaintNumber]);
    // The county-assigned one is scoped to the county: within 341702, not within its township.
    expect((await list('township=341702&pageSize=1', 'operator')).total).toBe(4);
    expect((await list('township=341702001&pageSize=1', 'operator')).total).toBe(2);
    expect((await call('GET', '/complaints?township=341721', 'county')).status).toBe(403);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    expect((await list(`from=${today}&to=${today}&pageSize=1`, 'operator')).total).toBe(4);
    expect((await list(`to=${yesterday}&pageSize=1`, 'operator')).total).toBe(0);
    // The resolved one says when.
    const resolved = (await list('status=resolved', 'operator')).items[0];
    expect(resolved.resolvedAt).toBe(resolved.history.at(-1).at);
  });

  it('gives the hotline the number of whoever complained by phone, to call back, and nobody else', async () => {
    const byPhone = await call('GET', `/complaints/${filed.byPhone!.complaintId}`, 'operator');
    expect(byPhone.body.reporter).toEqual({ phone: '13700000000' });
    expect((await call('GET', `/complaints/${filed.byPhone!.complaintId}`, 'township')).body).not.toHaveProperty(
      'reporter',
    );
    const trail = await running.ctx.connection
      .collection('audit_trail')
      .findOne({ subjectId: filed.byPhone!.complaintId, purpose: 'call back' });
    expect(trail).toMatchObject({ actor: 'operator', action: 'read' });
  });

  it('lists the overdue and the escalated ones', async () => {
    const { complaintId } = filed.neighbour!;
    // Two working days went by without an acknowledgement.
    await withDocumentLock(running.ctx.connection, 'complaints', complaintId, () =>
      running.ctx.connection
        .collection('complaints')
        .updateOne(
          { _id: complaintId as never },
          { $set: { acknowledgeBy: new Date(Date.now() - 60_000).toISOString() } },
        ),
    );
    const overdue = await list('overdue=true&pageSize=10', 'operator');
    expect(numbersOf(overdue)).toEqual([filed.neighbour!.complaintNumber]);
    expect(overdue.items[0].due).toMatchObject({ kind: 'acknowledge', overdue: true });
    expect((await list('escalated=true', 'operator')).items).toEqual([]);
    // Its timer runs: escalated to the county.
    await running.ctx.jobs.schedule('complaint-acknowledge-overdue', `late-${complaintId}`, { complaintId, round: 1 });
    for (let i = 0; i < 100; i++) {
      if ((await list('escalated=true', 'operator')).items.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const escalated = await list('escalated=true&sort=deadline&pageSize=10', 'county');
    expect(numbersOf(escalated)).toEqual([filed.neighbour!.complaintNumber]);
    expect(escalated.items[0]).toMatchObject({ escalated: true, assignee: { level: 'county' } });
    expect((await list('escalated=false&pageSize=1', 'operator')).total).toBe(3);
  });

  it('reads a complaint by its number as by its id', async () => {
    const byNumber = await call('GET', `/complaints/${filed.byPhone!.complaintNumber}`, 'operator');
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.complaintId).toBe(filed.byPhone!.complaintId);
    expect((await call('GET', '/complaints/TS-20000101-0001', 'operator')).status).toBe(404);
    expect((await call('GET', `/complaints/${filed.byPhone!.complaintNumber}`, 'neighbour')).status).toBe(403);
  });

  it('plays a recorded complaint in the page: whole or by byte range, of its type, audited', async () => {
    const path = `/complaints/${filed.byPhone!.complaintId}/attachments/${recordingId}`;
    const whole = await call('GET', path, 'operator');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('cache-control')).toBe('no-store');
    expect(whole.bytes.equals(WAV)).toBe(true);
    const part = await call('GET', path, 'operator', undefined, { range: 'bytes=4-15' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-15/${WAV.length}`);
    expect(part.bytes.equals(WAV.subarray(4, 16))).toBe(true);
    const tail = await call('GET', path, 'operator', undefined, { range: 'bytes=-10' });
    expect(tail.bytes.equals(WAV.subarray(WAV.length - 10))).toBe(true);
    expect((await call('GET', path, 'operator', undefined, { range: `bytes=${WAV.length}-` })).status).toBe(416);
    // By the complaint's number too; the township the complaint is about may listen; others may not.
    expect(
      (await call('GET', `/complaints/${filed.byPhone!.complaintNumber}/attachments/${recordingId}`, 'township'))
        .status,
    ).toBe(200);
    // The county the township lies in may listen too; a township it is not about may not.
    const asCounty = await call('GET', path, 'county');
    expect(asCounty.status).toBe(200);
    expect(asCounty.bytes.equals(WAV)).toBe(true);
    expect((await call('GET', path, 'neighbour')).status).toBe(403);
    // Not another complaint's attachment, nor one of nobody's.
    expect(
      (await call('GET', `/complaints/${filed.conduct!.complaintId}/attachments/${recordingId}`, 'operator')).status,
    ).toBe(404);
    // A channel adapter does not play recordings.
    expect((await call('GET', path, 'ivr')).status).toBe(403);
    const trail = await running.ctx.connection
      .collection('audit_trail')
      .find({ subjectType: 'complaint_evidence', action: 'read', subjectIds: recordingId })
      .toArray();
    expect(trail.map((e) => e.actor).sort()).toEqual([
      'county',
      'operator',
      'operator',
      'operator',
      'operator',
      'township',
    ]);
    expect(trail[0]).toMatchObject({ resource: 'GET /complaints/:complaintId/attachments/:attachmentId' });
    // The refused tries are on the trail as well.
    const refused = await running.ctx.connection
      .collection('audit_trail')
      .find({ resource: 'GET /complaints/:complaintId/attachments/:attachmentId', 'refusal.status': 403 })
      .toArray();
    expect(refused.map((e) => e.actor).sort()).toEqual(['ivr', 'neighbour']);
  });

  it('gives the providers’ scores, best first', async () => {
    // The upheld complaint against alpha counts once complaints' own consumer has handled its resolution.
    const scores = await (async () => {
      for (let i = 0; i < 100; i++) {
        const r = await call('GET', '/provider-scores', 'county');
        if (r.body.items?.length) return r.body;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('no provider score');
    })();
    expect(scores).toEqual({
      region: 'chizhou',
      items: [{ providerId: 'alpha', score: 90, ratings: { count: 0, averageTenths: 0 }, upheldComplaints: 1 }],
    });
    expect((await call('GET', '/provider-scores', 'ivr')).status).toBe(403);
  });

  it('gives complaints stored before the provider and assignee fields their copies at start', async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${runId}_older`);
    const older = await connectMongo(url, pino({ level: 'silent' }), 5);
    try {
      const stored = (await running.ctx.connection
        .collection('complaints')
        .findOne({ _id: filed.provider!.complaintId as never }))!;
      // Stored before any query field: no month, jurisdictions, provider, assignee or serial copies.
      const {
        providerId: _p,
        assigneeLevel: _l,
        assigneeUnit: _u,
        complaintSerial: _s,
        receivedMonth: _m,
        jurisdictions: _j,
        ...before
      } = stored;
      await older.collection('complaints').insertOne(before as never);
      await new ComplaintRepository(older).prepare();
      const after = (await older.collection('complaints').findOne({}))!;
      expect(after).toMatchObject({
        providerId: 'alpha',
        assigneeLevel: 'township',
        assigneeUnit: '341702001',
        complaintSerial: Number(filed.provider!.complaintNumber.split('-').pop()),
      });
      const listed = await new ComplaintRepository(older).page('341702', { providerId: 'alpha' }, 1, 10);
      expect(listed.items.map((c) => c.complaintId)).toEqual([filed.provider!.complaintId]);
      expect(listed.items[0]).not.toHaveProperty('assigneeUnit');
    } finally {
      await older.dropDatabase();
      await older.close();
    }
  });

  it('reads every list with filters FerretDB pushes down', async () => {
    const watched = await connectMongo(
      databaseUrl((await testServers()).mongoUrl, `${runId}_complaints`),
      pino({ level: 'silent' }),
      5,
      { monitorCommands: true },
    );
    try {
      const complaints = new ComplaintRepository(watched);
      const watch = watchQueries(watched, ['complaints', 'provider_scores']);
      await complaints.page('341702', {}, 1, 20);
      await complaints.page('341702', { statuses: ['received', 'assigned'], channels: ['hotline', 'ivr'] }, 1, 20);
      await complaints.page('341702', { providerId: 'alpha', types: ['service_quality'] }, 1, 20);
      await complaints.open('341702001', {
        statuses: ['assigned', 'investigating'],
        assigned: { assigneeLevel: 'township', assigneeUnit: '341702001' },
      });
      await complaints.newest('3417', { caseNumber: 'CZ341702-2026-000001' }, 50);
      await complaints.getByIdOrNumber(filed.byPhone!.complaintNumber);
      await complaints.providerScores('chizhou');
      expect(watch.seen.length).toBeGreaterThan(0);
      expect(await watch.notPushedDown()).toEqual([]);
    } finally {
      await watched.close();
    }
  });
});
