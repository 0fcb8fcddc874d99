/**
 * The complaint lifecycle on the real servers: the complaints service runs in-process on Kafka, FerretDB
 * and Redis. Overdue timers are BullMQ jobs that are promoted (not waited for two working days).
 */
import ExcelJS from 'exceljs';
import { on, type Inbox } from '@carelink/bus';
import { buildEvent, ContractRegistered, RequestRegisteredV1, topics } from '@carelink/contracts';
import { type RunningService, issueLocalToken, startService } from '@carelink/service-host';
import { withDocumentLock } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createConfig, type ComplaintsConfig } from '../src/config';
import { complaintsService } from '../src/service';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

describe('complaints on the real servers', () => {
  let running: RunningService<ComplaintsConfig>;
  let queue: Queue;
  const tokens: Record<string, string> = {};
  const seen: { topic: string; key: string; type: string; data: Json }[] = [];
  const runId = uniqueName('cpl');
  const caseId = randomUUID();

  beforeAll(async () => {
    const servers = await testServers();
    const config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_complaints`),
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      LOG_LEVEL: 'silent',
    });
    running = await startService(complaintsService, config);
    queue = new Queue('complaints', { connection: { url: servers.redisUrl }, prefix: runId });
    const issue = (sub: string, role: string, jurisdiction: string) =>
      issueLocalToken({ sub, role: role as 'hotline_operator', region: 'chizhou', jurisdiction });
    tokens.bot = await issue('telegram-bot', 'channel_adapter', '3417');
    tokens.operator = await issue('op-1', 'hotline_operator', '3417');
    tokens.township = await issue('tw-7', 'township_caseworker', '341702001');
    tokens.county = await issue('cty-1', 'county_officer', '341702');
    tokens.otherTownship = await issue('tw-8', 'township_caseworker', '341702002');
    tokens.otherOperator = await issue('op-8', 'hotline_operator', '341702002');
    tokens.otherBot = await issue('ivr-adapter', 'channel_adapter', '3417');
    tokens.city = await issue('city-12345', 'channel_adapter', '3417');
    // An observer group on the run's topics: what really went over the broker.
    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    const record = (topic: string) => async (event: { partitionkey: string; type: string; data: unknown }) =>
      void seen.push({ topic, key: event.partitionkey, type: event.type, data: event.data as Json });
    await running.ctx.bus.consume(
      'test-observer',
      [
        on(topics.complaints, {
          'complaint.received.v1': record('complaints'),
          'complaint.transitioned.v1': record('complaints'),
          'complaint.rated.v1': record('complaints'),
        }),
        on(topics.providerScores, { 'provider.score.updated.v1': record('scores') }),
      ],
      inbox,
    );
    // Complaints learns the case from intake's registration: here one published before v2, which the
    // topic still holds and complaints still reads (v2 is read the same way, see remember-case).
    await running.ctx.bus.publish(
      topics.intakeRequests,
      buildEvent(RequestRegisteredV1, {
        source: '/test',
        key: caseId,
        data: {
          caseId,
          caseNumber: 'CZ341702-2026-900777',
          region: 'chizhou',
          channel: 'chatbot',
          applicant: {
            personId: 'p_0123456789abcdef',
            name: '测试',
            idNumberMasked: '341702********001X',
            birthDate: '1950-01-01',
            sex: 'male',
          },
          address: { county: '341702', township: '341702001' },
          declaredGroups: ['tekun'],
          items: [{ itemCode: 'CZ-QJ-01' }],
          registeredAt: new Date().toISOString(),
          registeredBy: 'bot',
          consent: { given: true, givenBy: 'applicant', recordedAt: new Date().toISOString() },
        },
      }),
    );
  });

  afterAll(async () => {
    await queue?.close();
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const call = async (method: string, path: string, who: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(url(path), {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': type } : {}) },
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' || Buffer.isBuffer(body)
            ? body
            : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Json = {};
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = { text };
    }
    return { status: res.status, body: json, headers: res.headers };
  };
  /** The bot submits with an Idempotency-Key: a retry of the same key is answered with the first result. */
  const postWithKey = <T = Json>(path: string, key: string, body: string, type: string) =>
    fetch(url(path), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.bot}`, 'content-type': type, 'idempotency-key': key },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as T }));
  /** Polls every 100 ms, `tries` times at most. */
  const until = async <T>(probe: () => Promise<T | undefined> | T | undefined, tries = 200) => {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('timed out');
  };
  const eventsOf = (complaintId: string) => seen.filter((e) => e.data.complaintId === complaintId);

  it('a bot files by case number with a voice note; staff take it through to resolved; the resident rates it once', async () => {
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.alloc(32)]);
    const upload = await call('POST', '/attachments?kind=voice_note', 'bot', wav, 'audio/wav');
    expect(upload.status).toBe(201);
    const notAudio = await call('POST', '/attachments?kind=voice_note', 'bot', Buffer.from('%PDF-1.4'), 'audio/wav');
    expect(notAudio.status).toBe(415);

    const filed = await until(async () => {
      const r = await call('POST', '/complaints', 'bot', {
        region: 'chizhou',
        channel: 'chatbot',
        type: 'service_quality',
        about: { caseNumber: 'CZ341702-2026-900777', providerId: 'prov-9' },
        summary: '助浴服务人员没有按约定上门',
        attachmentIds: [upload.body.attachmentId],
        reporter: { name: '王大妈', phone: '13800138000' },
      });
      return r.status === 201 ? r : undefined; // the registration may not have been consumed yet
    });
    expect(filed.body).toMatchObject({
      complaintNumber: expect.stringMatching(/^TS-\d{8}-\d{4}$/),
      status: 'received',
    });
    const id = filed.body.complaintId as string;

    // The timers are scheduled from the received event: acknowledge in 2 working days, resolve in 15.
    const ackJob = await until(() => queue.getJob(`complaint-acknowledge-overdue_${id}`));
    expect(await ackJob.getState()).toBe('delayed');
    expect(ackJob.opts.delay).toBeGreaterThan(24 * 3600_000);

    const other = await call('GET', `/complaints/${id}`, 'otherTownship');
    expect(other.status).toBe(403);
    // Another adapter of the region cannot read (or rate) what this bot filed, e.g. by walking ids.
    expect((await call('GET', `/complaints/${id}`, 'otherBot')).status).toBe(404);
    expect((await call('GET', `/complaints/${id}`, 'bot')).status).toBe(200);
    const steps = [
      ['township', { to: 'acknowledged', reason: '已受理' }],
      ['township', { to: 'assigned', reason: '乡镇核查', assignee: { level: 'township', unit: '341702001' } }],
      ['township', { to: 'investigating', reason: '电话回访服务机构' }],
    ] as const;
    for (const [who, body] of steps)
      expect((await call('POST', `/complaints/${id}/transitions`, who, body)).status).toBe(201);
    const early = await call('POST', `/complaints/${id}/rating`, 'bot', { score: 3 });
    expect(early.status).toBe(409);
    const bad = await call('POST', `/complaints/${id}/transitions`, 'township', { to: 'closed', reason: 'x' });
    expect(bad.body.code).toBe('invalid_transition');

    // Only the handler sees the reporter (tw-7 took it on when investigating); others see that there is one.
    const asHandler = await call('GET', `/complaints/${id}`, 'township');
    expect(asHandler.body.reporter).toEqual({ name: '王大妈', phone: '13800138000' });
    const asCounty = await call('GET', `/complaints/${id}`, 'county');
    expect(asCounty.body.reporter).toBeUndefined();
    expect(asCounty.body.hasReporter).toBe(true);
    expect(JSON.stringify(asCounty.body)).not.toContain('13800138000');
    // The handler's read of the reporter is on the audit trail, saying so.
    const handlerReads = await running.ctx.connection
      .collection('audit_trail')
      .find({ subjectId: id, purpose: 'handler reads the reporter' })
      .toArray();
    expect(handlerReads.map((e) => e.actor)).toEqual(['tw-7']);

    const resolved = await call('POST', `/complaints/${id}/transitions`, 'township', {
      to: 'resolved',
      reason: '核实属实',
      outcome: { upheld: true, summary: '已责成服务机构当天补上门服务并致歉' },
    });
    expect(resolved.body.status).toBe('resolved');
    expect((await call('POST', `/complaints/${id}/rating`, 'otherBot', { score: 1 })).status).toBe(404);
    const rated = await call('POST', `/complaints/${id}/rating`, 'bot', { score: 4, comment: '处理及时' });
    expect(rated.status).toBe(200);
    expect((await call('POST', `/complaints/${id}/rating`, 'bot', { score: 5 })).body.code).toBe('already_rated');

    // On the broker: received, 4 transitions, rated, keyed by the complaint; then the provider score twice.
    await until(() => (seen.filter((e) => e.topic === 'scores').length >= 2 ? true : undefined));
    const mine = eventsOf(id);
    expect(mine.map((e) => (e.type === 'complaint.transitioned.v1' ? e.data.to : e.type))).toEqual([
      'complaint.received.v1',
      'acknowledged',
      'assigned',
      'investigating',
      'resolved',
      'complaint.rated.v1',
    ]);
    expect(new Set(mine.map((e) => e.key))).toEqual(new Set([id]));
    expect(mine[0]!.data).toMatchObject({ kind: 'complaint', channel: 'chatbot', caseId, township: '341702001' });
    expect(JSON.stringify(mine)).not.toContain('王大妈');
    expect(mine[4]!.data).toMatchObject({ actor: 'tw-7', outcome: { upheld: true }, channel: 'chatbot' });
    const scores = seen.filter((e) => e.topic === 'scores').map((e) => e.data);
    expect(scores.map((s) => [s.providerId, s.score, s.upheldComplaints])).toEqual([
      ['prov-9', 90, 1],
      ['prov-9', 70, 1],
    ]);
    expect(seen.find((e) => e.topic === 'scores')!.key).toBe('prov-9');
  });

  it('escalates an unacknowledged complaint to the county when its time limit runs out, once', async () => {
    const filed = await call('POST', '/complaints', 'operator', {
      region: 'chizhou',
      channel: 'hotline',
      type: 'staff_conduct',
      about: { township: '341702001' },
      summary: '村协理员态度恶劣',
      anonymous: true,
      reporter: { name: '不应保存' },
    });
    expect(filed.status).toBe(201);
    const id = filed.body.complaintId as string;
    const job = await until(() => queue.getJob(`complaint-acknowledge-overdue_${id}`));
    // Promoting runs the job now; the limit is not over yet, so nothing happens but a new timer for the limit …
    await job.promote();
    await until(async () => ((await job.getState()) === 'completed' ? true : undefined));
    const complaint = (await call('GET', `/complaints/${id}`, 'county')).body;
    expect(complaint.status).toBe('received');
    const again = await until(() => queue.getJob(`complaint-acknowledge-overdue_${id}_1_again-1`));
    expect(await again.getState()).toBe('delayed');
    expect(again.timestamp + again.opts.delay!).toBeGreaterThan(new Date(complaint.acknowledgeBy).getTime() - 1000);
    // … so move the limit into the past, as if two working days had gone by, and run it again.
    await withDocumentLock(running.ctx.connection, 'complaints', id, () =>
      running.ctx.connection
        .collection('complaints')
        .updateOne({ _id: id as never }, { $set: { acknowledgeBy: new Date(Date.now() - 1000).toISOString() } }),
    );
    await running.ctx.jobs.schedule('complaint-acknowledge-overdue', `again-${id}`, { complaintId: id, round: 1 });
    const escalated = await until(async () => {
      const c = (await call('GET', `/complaints/${id}`, 'county')).body;
      return c.status === 'assigned' ? c : undefined;
    });
    expect(escalated).toMatchObject({
      assignee: { level: 'county', unit: '341702' },
      escalated: true,
      anonymous: true,
    });
    expect(escalated.hasReporter).toBe(false);
    // The township no longer sees it; the county does.
    expect((await call('GET', `/complaints/${id}`, 'township')).status).toBe(403);
    // Running the timer once more changes nothing: once it has run, the county's next step is the next event
    // of the complaint (one document's events are published in order, on one partition).
    await running.ctx.jobs.schedule('complaint-acknowledge-overdue', `third-${id}`, { complaintId: id, round: 1 });
    await until(async () =>
      (await (await queue.getJob(`third-${id}`))?.getState()) === 'completed' ? true : undefined,
    );
    const marker = await call('POST', `/complaints/${id}/transitions`, 'county', {
      to: 'investigating',
      reason: '县级督办',
    });
    expect(marker.status).toBe(201);
    await until(() => (eventsOf(id).some((e) => e.data.to === 'investigating') ? true : undefined));
    expect(eventsOf(id).map((e) => [e.type, e.data.to, e.data.actor, e.data.escalated])).toEqual([
      ['complaint.received.v1', undefined, undefined, undefined],
      ['complaint.transitioned.v1', 'acknowledged', 'system', true],
      ['complaint.transitioned.v1', 'assigned', 'system', true],
      ['complaint.transitioned.v1', 'investigating', 'cty-1', undefined],
    ]);
  });

  it('reopens a resolved complaint, and escalates an investigated one whose resolve limit ran out', async () => {
    const file = async (summary: string) => {
      const r = await call('POST', '/complaints', 'operator', {
        region: 'chizhou',
        channel: 'hotline',
        type: 'service_quality',
        about: { township: '341702001' },
        summary,
        reporter: { name: '李大爷', phone: '13800138001' },
      });
      expect(r.status).toBe(201);
      return r.body.complaintId as string;
    };
    const move = (id: string, body: Json) => call('POST', `/complaints/${id}/transitions`, 'township', body);
    const upTo = [
      { to: 'acknowledged', reason: '已受理' },
      { to: 'assigned', reason: '乡镇核查', assignee: { level: 'township', unit: '341702001' } },
      { to: 'investigating', reason: '电话回访' },
    ];

    // Reopening clears the outcome (an unset field, not a null beside it) and starts round 2.
    const first = await file('保洁服务只做了一半');
    for (const body of [
      ...upTo,
      { to: 'resolved', reason: '已核实', outcome: { upheld: false, summary: '服务已按合同完成' } },
    ])
      expect((await move(first, body)).status).toBe(201);
    const reopened = await move(first, { to: 'reopened', reason: '居民不认可办理结果' });
    expect(reopened.status).toBe(201);
    expect(reopened.body).toMatchObject({ status: 'reopened', round: 2 });
    const stored = (await call('GET', `/complaints/${first}`, 'township')).body;
    expect(stored).toMatchObject({ status: 'reopened', round: 2, handlerId: 'tw-7' });
    expect(stored).not.toHaveProperty('outcome');
    expect((await move(first, { to: 'investigating', reason: '重新调查' })).body.status).toBe('investigating');

    // The resolve limit of an investigated complaint (it has a handler) runs out: the county takes it over.
    const second = await file('助浴服务迟到两小时');
    for (const body of upTo) expect((await move(second, body)).status).toBe(201);
    const job = await until(() => queue.getJob(`complaint-resolve-overdue_${second}_1`));
    // Under the document's lock, as every write in the service: FerretDB's updates are not atomic, and the
    // outbox relay may be settling this complaint's events at the same moment.
    await withDocumentLock(running.ctx.connection, 'complaints', second, () =>
      running.ctx.connection
        .collection('complaints')
        .updateOne({ _id: second as never }, { $set: { resolveBy: new Date(Date.now() - 1000).toISOString() } }),
    );
    await job.promote();
    const escalated = await until(async () => {
      const c = (await call('GET', `/complaints/${second}`, 'county')).body;
      return c.status === 'assigned' ? c : undefined;
    });
    expect(escalated).toMatchObject({ assignee: { level: 'county', unit: '341702' }, escalated: true });
    expect(escalated).not.toHaveProperty('handlerId');
  });

  it('Open311 lists service requests as GeoReport v2 defines: dates, service codes, open/closed, pages', async () => {
    const file = async (service_code: string, description: string, who = 'city') => {
      const r = await call('POST', '/open311/v2/requests.json', who, {
        service_code,
        description,
        address_id: '341702001',
        first_name: '三',
        last_name: '张',
        phone: '13800138123',
      });
      expect(r.status).toBe(201);
      return (r.body as unknown as Json[])[0]!.service_request_id as string;
    };
    const first = await file('other', '补贴未到账');
    const second = await file('staff_conduct', '窗口人员态度差');
    const third = await file('other', '护理员迟到');
    // The third is dealt with by the hotline and resolved: closed, in GeoReport's words.
    const thirdId = (await call('GET', `/complaints/${third}`, 'operator')).body.complaintId as string;
    for (const step of [
      { to: 'acknowledged', reason: '已受理' },
      { to: 'assigned', reason: '交乡镇核查', assignee: { level: 'township', unit: '341702001' } },
      { to: 'investigating', reason: '核查中' },
      { to: 'resolved', reason: '已处理', outcome: { upheld: true, summary: '已约谈服务机构' } },
    ])
      expect((await call('POST', `/complaints/${thirdId}/transitions`, 'operator', step)).status).toBe(201);
    const closed = third;
    const list = async (query: string, who = 'city') => {
      const r = await call('GET', `/open311/v2/requests.json${query}`, who);
      expect(r.status).toBe(200);
      return { items: r.body as unknown as Json[], link: r.headers.get('link') };
    };
    const ids = (l: { items: Json[] }) => l.items.map((r) => r.service_request_id);

    // No ids: the last 90 days, newest first, each with the spec's fields; the system filed these itself.
    const all = await list('');
    expect(ids(all)).toEqual([closed, second, first]);
    for (const field of ['service_request_id', 'status', 'service_code', 'service_name', 'requested_datetime'])
      expect(all.items[0]).toHaveProperty(field);
    expect(all.items[2]).toMatchObject({ status: 'open', service_code: 'other', description: '补贴未到账' });
    expect(all.items[0]).toMatchObject({ status: 'closed', status_notes: '已约谈服务机构' });
    expect(all.link).toBeNull();
    expect(JSON.stringify(all.items)).not.toMatch(/张|13800138123/);
    // Filters: service codes, open/closed, a date range; lat/long alone is no filter and no error.
    expect(ids(await list('?service_code=other'))).toEqual([closed, first]);
    expect(ids(await list('?service_code=other,staff_conduct&status=open'))).toEqual([second, first]);
    expect(ids(await list('?status=closed'))).toEqual([closed]);
    expect(ids(await list('?lat=30.656&long=117.489'))).toEqual([closed, second, first]);
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    expect(ids(await list(`?start_date=${hourAgo}&end_date=${new Date().toISOString()}`))).toEqual([
      closed,
      second,
      first,
    ]);
    expect((await list('?start_date=2025-01-01T00:00:00Z&end_date=2025-02-01T00:00:00Z')).items).toEqual([]);
    const tooLong = await call(
      'GET',
      '/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z',
      'city',
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual([{ code: 400, description: expect.stringContaining('90 days') }]);
    expect((await call('GET', '/open311/v2/requests.json?status=pending', 'city')).status).toBe(400);
    // Pages: page_size at a time, a Link to the next page while there is more.
    const page1 = await list('?page_size=2');
    expect(ids(page1)).toEqual([closed, second]);
    expect(page1.link).toMatch(/page_size=2&page=2>; rel="next"$/);
    const page2 = await list('?page_size=2&page=2');
    expect(ids(page2)).toEqual([first]);
    expect(page2.link).toBeNull();
    // Another system lists only what it filed; a hotline operator the jurisdiction's, without their free text.
    expect(ids(await list('?service_code=staff_conduct', 'otherBot'))).toEqual([]);
    const asOperator = (await list('?service_code=staff_conduct', 'operator')).items;
    expect(asOperator.find((r) => r.service_request_id === second)).toMatchObject({
      status: 'open',
      description: null,
      address_id: '341702001',
    });
  });

  it('answers a consultation at once; Open311 files and follows complaints; statistics export', async () => {
    const consult = await call('POST', '/complaints', 'operator', {
      region: 'chizhou',
      channel: 'hotline',
      kind: 'consultation',
      type: 'other',
      about: { township: '341702001' },
      summary: '特困老人能申请助餐吗',
      answer: '可以，请到乡镇窗口或通过热线申请',
    });
    expect(consult.body.status).toBe('closed');

    // A bot retrying a submission with the same Idempotency-Key gets the first complaint back (200).
    const submit = () =>
      postWithKey(
        '/complaints',
        `tg-${runId}`,
        JSON.stringify({
          region: 'chizhou',
          channel: 'chatbot',
          type: 'other',
          about: { township: '341702001' },
          summary: '重复提交测试',
        }),
        'application/json',
      );
    const once = await submit();
    const twice = await submit();
    expect([once.status, twice.status]).toEqual([201, 200]);
    expect(twice.body.complaintNumber).toBe(once.body.complaintNumber);

    const discovery = (await fetch(url('/open311/v2/discovery.json')).then((r) => r.json())) as Json;
    expect(discovery.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2' });
    const services = (await fetch(url('/open311/v2/services.json')).then((r) => r.json())) as Json[];
    expect(services.map((s) => s.service_code)).toContain('money');
    const definition = (await fetch(url('/open311/v2/services/money.json')).then((r) => r.json())) as Json;
    expect(definition.attributes.map((a: Json) => a.code)).toContain('case_number');

    const form = new URLSearchParams({
      service_code: 'money',
      description: '护理补贴迟迟未到账',
      address_id: '341702001',
      'attribute[case_number]': 'CZ341702-2026-900777',
      first_name: '三',
      last_name: '张',
    }).toString();
    const fileForm = (who: string, body: string) =>
      call('POST', '/open311/v2/requests.json', who, body, 'application/x-www-form-urlencoded');
    const posted = await fileForm('bot', form);
    expect(posted.status).toBe(201);
    const number = (posted.body as unknown as Json[])[0]!.service_request_id as string;
    expect(number).toMatch(/^TS-/);
    const noLocation = await call('POST', '/open311/v2/requests.json', 'bot', {
      service_code: 'money',
      description: 'x',
      attribute: { provider_id: 'p' },
    });
    expect(noLocation.status).toBe(400);
    // GeoReport errors: a list of { code, description }.
    expect(noLocation.body).toEqual([{ code: 400, description: expect.stringContaining('location') }]);
    // A value the complaint itself refuses (not a phone number) is a GeoReport 400 too, not a 500.
    const badPhone = await fileForm('bot', `${form}&phone=not-a-phone`);
    expect(badPhone.status).toBe(400);
    expect(badPhone.body).toEqual([{ code: 400, description: expect.stringContaining('phone') }]);
    // An operator files only within their jurisdiction.
    const outside = await fileForm('otherOperator', form);
    expect(outside.status).toBe(403);
    expect((outside.body as unknown as Json[])[0]).toMatchObject({ code: 403 });
    // A retry with the same Idempotency-Key gets the first request back.
    const post311 = () =>
      postWithKey<Json[]>('/open311/v2/requests.json', `o311-${runId}`, form, 'application/x-www-form-urlencoded');
    const [first311, again311] = [await post311(), await post311()];
    expect([first311.status, again311.status]).toEqual([201, 200]);
    expect(again311.body[0]!.service_request_id).toBe(first311.body[0]!.service_request_id);
    const unknown = await call('GET', '/open311/v2/requests/TS-19990101-0001.json', 'bot');
    expect(unknown.status).toBe(404);
    expect((unknown.body as unknown as Json[])[0]).toMatchObject({ code: 404 });
    const followed = await call('GET', `/open311/v2/requests/${number}.json`, 'bot');
    const request = (followed.body as unknown as Json[])[0]!;
    for (const field of ['service_request_id', 'status', 'service_code', 'service_name', 'requested_datetime'])
      expect(request).toHaveProperty(field);
    expect(request).toMatchObject({ status: 'open', service_code: 'money', address_id: '341702001' });
    expect(JSON.stringify(request)).not.toContain('张');
    const list = await call('GET', `/open311/v2/requests.json?service_request_id=${number},TS-19990101-0001`, 'bot');
    expect((list.body as unknown as Json[]).map((r) => r.service_request_id)).toEqual([number]);
    // Another system follows only what it filed.
    expect((await call('GET', `/open311/v2/requests/${number}.json`, 'otherBot')).status).toBe(404);
    const listedByOther = await call('GET', `/open311/v2/requests.json?service_request_id=${number}`, 'otherBot');
    expect(listedByOther.body).toEqual([]);

    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const stats = await call('GET', `/statistics?month=${month}&by=type`, 'county');
    expect(stats.body.rows.find((r: Json) => r.key === 'money')).toMatchObject({ name: '资金问题', received: 2 });
    const byTownship = await call('GET', `/statistics?month=${month}&by=township`, 'county');
    expect(byTownship.body.rows.find((r: Json) => r.key === '341702001')).toMatchObject({ name: '池阳街道' });
    const csv = await call('GET', `/statistics?month=${month}&by=township&format=csv`, 'county');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body.text).toContain('341702001,池阳街道,');
    const xlsx = await fetch(url(`/statistics?month=${month}&by=township&format=xlsx`), {
      headers: { authorization: `Bearer ${tokens.county}` },
    });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect([sheet.getCell('A1').value, sheet.getCell('B1').value]).toEqual(['统计项', '名称']);
    const cells = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(2).value]);
    expect(cells).toContainEqual(['341702001', '池阳街道']);
  });

  it('names providers in the statistics as their latest contracts name them (JSON, CSV, XLSX)', async () => {
    // Referral announces the counties' contracts: prov-9's first contract, its renewal under a new name, and a
    // provider of another region with the same id (complaints must not mix them up).
    const contract = (region: string, contractId: string, providerName: string, validFrom: string) =>
      buildEvent(ContractRegistered, {
        source: '/test',
        key: 'prov-9',
        data: {
          contractId,
          region,
          providerId: 'prov-9',
          providerName,
          itemCodes: ['CZ-SH-01'],
          townships: [region === 'chizhou' ? '341702001' : '652301101'],
          monthlyCapacity: 20,
          validFrom,
          validTo: '2027-12-31',
          registeredAt: new Date().toISOString(),
        },
      });
    const renewed = contract(
      'chizhou',
      '0190a000-0000-7000-8000-000000000902',
      '阳光助老社会工作服务中心',
      '2026-01-01',
    );
    await running.ctx.bus.publish(topics.contracts, renewed);
    await running.ctx.bus.publish(
      topics.contracts,
      contract('chizhou', '0190a000-0000-7000-8000-000000000901', '阳光助老服务社', '2025-01-01'),
    );
    await running.ctx.bus.publish(
      topics.contracts,
      contract('changji', '0190a000-0000-7000-8000-000000000903', '天山社会工作服务中心', '2026-01-01'),
    );
    // Delivered again: changes nothing.
    await running.ctx.bus.publish(topics.contracts, renewed);
    // A complaint about a provider no contract names (an id typed by hand).
    const typed = await call('POST', '/complaints', 'operator', {
      region: 'chizhou',
      channel: 'hotline',
      type: 'service_quality',
      about: { township: '341702001', providerId: 'prov-typed' },
      summary: '一家不知名的机构上门推销',
    });
    expect(typed.status).toBe(201);

    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const rowsOf = async () =>
      (await call('GET', `/statistics?month=${month}&by=provider`, 'county')).body.rows as Json[];
    // One partition keeps them in order: once Changji's is learnt, the older contract before it was read too.
    const names = running.ctx.connection.collection('provider_names');
    await until(async () => ((await names.countDocuments({ region: 'changji' })) === 1 ? true : undefined));
    const rows = await rowsOf();
    expect(rows.find((r) => r.key === 'prov-9')).toMatchObject({ name: '阳光助老社会工作服务中心' });
    expect(rows.find((r) => r.key === 'prov-typed')).toMatchObject({ name: '（名称未知）', received: 1 });
    expect(rows.every((r) => r.name !== null)).toBe(true);

    const csv = await call('GET', `/statistics?month=${month}&by=provider&format=csv`, 'county');
    expect(csv.body.text).toContain('prov-9,阳光助老社会工作服务中心,');
    expect(csv.body.text).toContain('prov-typed,（名称未知）,1,');
    const xlsx = await fetch(url(`/statistics?month=${month}&by=provider&format=xlsx`), {
      headers: { authorization: `Bearer ${tokens.county}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    const cells = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(2).value]);
    expect(cells).toEqual(
      expect.arrayContaining([
        ['prov-9', '阳光助老社会工作服务中心'],
        ['prov-typed', '（名称未知）'],
      ]),
    );
    // Kept once per provider of a region, the latest contract's name; Changji's prov-9 apart.
    const kept = await names.find({}).toArray();
    expect(kept.map((k) => [k._id, k.name]).sort()).toEqual([
      ['changji/prov-9', '天山社会工作服务中心'],
      ['chizhou/prov-9', '阳光助老社会工作服务中心'],
    ]);
  });
});
