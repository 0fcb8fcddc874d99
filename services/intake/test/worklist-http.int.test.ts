/**
 * The caseworker's worklist and search over HTTP on the real servers (intake in-process on Kafka, FerretDB and
 * Redis): a case found by its number wherever a case id is read, the new / open / decided requests of a place,
 * channel, item and days, a page at a time with the total, a search by case number, serial, name or ID number
 * (audited, the ID number never in clear), and the county's counts by channel and township. The queries behind
 * them are checked to be pushed down to SQL on FerretDB.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, checkCharacter, EligibilityDecided, InvestigationAssigned, topics } from '@carelink/contracts';
import { issueLocalToken, type RunningService, startService } from '@carelink/service-host';
import { connectMongo } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import pino from 'pino';
import { createConfig, type IntakeConfig } from '../src/config';
import { RequestRepository } from '../src/data-access/request-repository';
import { intakeService } from '../src/service';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

const id = (first17: string) => first17 + checkCharacter(first17);

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Six applicants: five in township 341702001 (one per channel), one in 341702002. */
const APPLICANTS = [
  { name: '陈桂兰', first17: '34170219440210004', channel: 'window', township: '341702001', item: 'CZ-QJ-01' },
  { name: '陈志强', first17: '34170219500305001', channel: 'online', township: '341702001', item: 'CZ-SH-01' },
  { name: '王秀英', first17: '34170219480315002', channel: 'proactive', township: '341702001', item: 'CZ-QJ-01' },
  { name: '李德明', first17: '34170219391108003', channel: 'chatbot', township: '341702001', item: 'CZ-JK-01' },
  { name: '赵玉兰', first17: '34170219451201005', channel: 'ivr', township: '341702001', item: 'CZ-QJ-01' },
  { name: '孙长顺', first17: '34170219470707006', channel: 'window', township: '341702002', item: 'CZ-QJ-01' },
] as const;

describe('worklist and search of requests over HTTP (real servers)', () => {
  let running: RunningService<IntakeConfig>;
  const runId = uniqueName('intakewl');
  const tokens: Record<string, string> = {};
  const registered: { caseId: string; caseNumber: string; name: string; idNumber: string }[] = [];

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const get = async (path: string, who: string) => {
    const res = await fetch(url(path), { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const list = async (query: string, who = 'clerk') => {
    const res = await get(`/requests?${query}`, who);
    expect(res.status).toBe(200);
    return res.body;
  };
  const numbersOf = (body: Json) => (body.items as Json[]).map((i) => i.caseNumber);

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      intakeService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_intake`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
      }),
    );
    const staff: Record<string, Omit<StaffPrincipal, 'sub'>> = {
      clerk: { role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      neighbour: { role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702002' },
      county: { role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
      operator: { role: 'hotline_operator', region: 'chizhou', jurisdiction: '34' },
      changji: { role: 'county_officer', region: 'changji', jurisdiction: '652301' },
    };
    for (const [sub, p] of Object.entries(staff)) tokens[sub] = await issueLocalToken({ sub, ...p });
    // One at a time, so that they are registered (and listed) in this order.
    for (const a of APPLICANTS) {
      const idNumber = id(a.first17);
      const res = await fetch(url('/requests'), {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.county}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          region: 'chizhou',
          channel: a.channel,
          applicant: { name: a.name, idNumber },
          address: { township: a.township },
          declaredGroups: ['tekun'],
          items: [a.item],
          household: [{ name: '家属', relation: '子女' }],
          description: '独居，行动不便',
        }),
      });
      expect(res.status).toBe(201);
      const { caseId, caseNumber } = (await res.json()) as Json;
      registered.push({ caseId, caseNumber, name: a.name, idNumber });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  it('reads a request and its attachments by case number as by case id (issue 14: CZ…-000053 was a 404)', async () => {
    const [first] = registered;
    const byNumber = await get(`/requests/${first!.caseNumber}`, 'clerk');
    expect(byNumber.status).toBe(200);
    expect(byNumber.body).toMatchObject({ caseId: first!.caseId, caseNumber: first!.caseNumber });
    expect(byNumber.body).toEqual((await get(`/requests/${first!.caseId}`, 'clerk')).body);
    expect((await get(`/requests/${first!.caseNumber}/attachments`, 'clerk')).body).toEqual({ items: [] });
    // Out of the caller's township or region: refused as for the case id; an unknown number is not found.
    expect((await get(`/requests/${first!.caseNumber}`, 'neighbour')).status).toBe(403);
    expect((await get(`/requests/${first!.caseNumber}`, 'changji')).status).toBe(403);
    expect((await get('/requests/CZ341702-2026-999999', 'clerk')).status).toBe(404);
    // The read is audited under the case id, whatever the path named.
    const trail = await running.ctx.connection
      .collection('audit_trail')
      .find({ resource: 'GET /requests/:caseId', actor: 'clerk', subjectIds: first!.caseId })
      .toArray();
    expect(trail.length).toBeGreaterThanOrEqual(2);
  });

  it('pages the township’s requests newest first with the total, as rows of a table (no household, conditions or description)', async () => {
    const mine = registered.slice(0, 5).reverse();
    const first = await list('page=1&pageSize=2');
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 5, totalCapped: false });
    expect(numbersOf(first)).toEqual(mine.slice(0, 2).map((r) => r.caseNumber));
    expect(numbersOf(await list('page=2&pageSize=2'))).toEqual(mine.slice(2, 4).map((r) => r.caseNumber));
    expect(numbersOf(await list('page=3&pageSize=2'))).toEqual([mine[4]!.caseNumber]);
    expect((await list('page=4&pageSize=2')).items).toEqual([]);
    const row = first.items[0];
    expect(Object.keys(row).sort()).toEqual(
      [
        'address',
        'applicant',
        'caseId',
        'caseNumber',
        'channel',
        'items',
        'personId',
        'progress',
        'region',
        'registeredAt',
        'status',
      ].sort(),
    );
    expect(row.applicant).toEqual({
      name: '赵玉兰',
      idNumberMasked: `341*************${id(APPLICANTS[4].first17).slice(16)}`,
      ageAtRegistration: expect.any(Number),
    });
    expect(row).toMatchObject({
      address: { township: '341702001' },
      items: ['CZ-QJ-01'],
      progress: { stage: 'registered' },
    });
    expect(JSON.stringify(first)).not.toMatch(/household|declaredConditions|独居|家属/);
    // Without page or pageSize: the list as before (limit), no total.
    const plain = await list('limit=3');
    expect(numbersOf(plain)).toEqual(mine.slice(0, 3).map((r) => r.caseNumber));
    expect(plain).not.toHaveProperty('total');
    // The county sees both townships; the neighbour only theirs.
    expect((await list('pageSize=10', 'county')).total).toBe(6);
    expect(numbersOf(await list('pageSize=10', 'neighbour'))).toEqual([registered[5]!.caseNumber]);
  });

  it('filters by stage, place, channel, item and days', async () => {
    const [a, b] = registered;
    // Assessment assigns a team to the first case and decides the second; intake follows both from the topic.
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(InvestigationAssigned, {
        source: '/carelink/assessment',
        key: a!.caseId,
        data: {
          caseId: a!.caseId,
          caseNumber: a!.caseNumber,
          township: '341702001',
          team: [
            { staffId: 's1', name: '张三', office: '341702001' },
            { staffId: 's2', name: '李四', office: '341702001001' },
          ],
          assignedBy: 'clerk',
          dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
        },
      }),
    );
    const stored = await running.ctx.connection.collection('requests').findOne({ _id: b!.caseId as never });
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/carelink/assessment',
        key: b!.caseId,
        data: {
          caseId: b!.caseId,
          caseNumber: b!.caseNumber,
          region: 'chizhou',
          packVersion: 'test',
          person: { personId: stored!.personId, name: b!.name },
          address: stored!.address,
          items: [{ itemCode: 'CZ-SH-01', approved: true, reason: '符合条件' }],
          consent: stored!.consent,
          decidedBy: 'clerk',
          decidedAt: new Date().toISOString(),
        },
      }),
    );
    await eventually('both followed', async () => {
      const rows = (await list('pageSize=10')).items as Json[];
      const stage = (caseId: string) => rows.find((r) => r.caseId === caseId)?.progress.stage;
      return stage(a!.caseId) === 'investigating' && stage(b!.caseId) === 'approved' ? true : undefined;
    });
    const numbers = (i: number[]) => i.map((n) => registered[n]!.caseNumber);
    expect(numbersOf(await list('stage=new&pageSize=10'))).toEqual(numbers([4, 3, 2]));
    expect((await list('stage=new&pageSize=1')).total).toBe(3);
    expect(numbersOf(await list('stage=open&pageSize=10'))).toEqual(numbers([4, 3, 2, 0]));
    expect(numbersOf(await list('stage=decided&pageSize=10'))).toEqual(numbers([1]));
    expect(numbersOf(await list('channel=window,ivr&pageSize=10', 'county'))).toEqual(numbers([5, 4, 0]));
    expect(numbersOf(await list('channel=ivr&channel=chatbot&pageSize=10'))).toEqual(numbers([4, 3]));
    expect(numbersOf(await list('item=CZ-QJ-01&stage=new&pageSize=10'))).toEqual(numbers([4, 2]));
    expect(numbersOf(await list('township=341702002&pageSize=10', 'county'))).toEqual(numbers([5]));
    // A place outside the caller's jurisdiction is refused, not answered empty.
    expect((await get('/requests?township=341702002', 'clerk')).status).toBe(403);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    expect((await list(`from=${today}&to=${today}&pageSize=10`)).total).toBe(5);
    expect((await list(`to=${yesterday}&pageSize=10`)).total).toBe(0);
    expect((await get(`/requests?from=${today}&to=${yesterday}`, 'clerk')).status).toBe(400);
    expect((await get('/requests?channel=fax', 'clerk')).status).toBe(400);
    expect((await get('/requests?stage=maybe', 'clerk')).status).toBe(400);
  });

  it('searches by case number, its serial, a name or its first characters, and an ID number (staff only), audited', async () => {
    const [a, b, c] = registered;
    expect(numbersOf(await list(`q=${a!.caseNumber}&pageSize=10`))).toEqual([a!.caseNumber]);
    expect(numbersOf(await list(`q=${a!.caseNumber.toLowerCase()}`))).toEqual([a!.caseNumber]);
    const serial = a!.caseNumber.split('-').pop()!;
    expect(numbersOf(await list(`q=${Number(serial)}`))).toEqual([a!.caseNumber]);
    expect(numbersOf(await list(`q=${serial}`))).toEqual([a!.caseNumber]);
    expect(numbersOf(await list(`q=${encodeURIComponent('陈')}&pageSize=10`))).toEqual([b!.caseNumber, a!.caseNumber]);
    expect(numbersOf(await list(`q=${encodeURIComponent('陈桂兰')}`))).toEqual([a!.caseNumber]);
    expect((await list(`q=${encodeURIComponent('桂兰')}`)).items).toEqual([]);
    expect(numbersOf(await list(`q=${c!.idNumber}`))).toEqual([c!.caseNumber]);
    // Combined with a filter; and never beyond the caller's jurisdiction.
    expect((await list(`q=${encodeURIComponent('陈')}&stage=decided&pageSize=10`)).total).toBe(1);
    expect((await list(`q=${registered[5]!.caseNumber}`)).items).toEqual([]);
    expect((await list(`q=${c!.idNumber}`, 'neighbour')).items).toEqual([]);
    // A mistyped ID number is refused, not searched as a name.
    const bad = await get(`/requests?q=${c!.idNumber.slice(0, 17)}${c!.idNumber.endsWith('0') ? '1' : '0'}`, 'clerk');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_id_number');
    // The hotline finds by number or name, with its fields only; not by ID number (it speaks for residents it cannot see).
    const byOperator = await list(`q=${encodeURIComponent('陈桂兰')}`, 'operator');
    expect(numbersOf(byOperator)).toEqual([a!.caseNumber]);
    expect(byOperator.items[0].applicant).toEqual({ name: '陈桂兰' });
    const refused = await get(`/requests?q=${c!.idNumber}`, 'operator');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('search_not_allowed');

    const trail = running.ctx.connection.collection('audit_trail');
    const searched = await eventually(
      'the search audited',
      async () =>
        (await trail.findOne({ actor: 'clerk', purpose: 'search by id_number', subjectIds: c!.caseId })) ?? undefined,
    );
    expect(searched).toMatchObject({ action: 'read', subjectType: 'request', resource: 'GET /requests' });
    expect(searched.query.q).toBe(`341*************${c!.idNumber.slice(16)}`);
    expect(JSON.stringify(await trail.find({}).toArray())).not.toContain(c!.idNumber);
  });

  it("counts the county's requests by channel and township (the dashboard)", async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const county = await get(`/statistics?from=${month}&to=${month}`, 'county');
    expect(county.status).toBe(200);
    expect(county.body).toMatchObject({ from: month, to: month, total: 6, open: 5 });
    // Each code with its name beside it (channels as the county says them, townships from the region's pack).
    expect(county.body.byChannel).toEqual([
      { channel: 'window', name: '窗口受理', count: 2 },
      { channel: 'chatbot', name: '智能客服', count: 1 },
      { channel: 'ivr', name: '热线语音', count: 1 },
      { channel: 'online', name: '网上申请', count: 1 },
      { channel: 'proactive', name: '主动发现', count: 1 },
    ]);
    expect(county.body.byTownship).toEqual([
      {
        township: '341702001',
        name: '池阳街道',
        count: 5,
        byChannel: { window: 1, online: 1, proactive: 1, chatbot: 1, ivr: 1 },
      },
      { township: '341702002', name: '秋浦街道', count: 1, byChannel: { window: 1 } },
    ]);
    expect((await get('/statistics', 'neighbour')).body).toMatchObject({ total: 1 });
    expect((await get('/statistics?from=2025-01&to=2026-12', 'county')).status).toBe(400);
    expect((await get('/statistics', 'operator')).status).toBe(403);
  });

  it('gives requests stored before the search keys their keys at start', async () => {
    const older = await connectMongo(
      databaseUrl((await testServers()).mongoUrl, `${runId}_older`),
      pino({ level: 'silent' }),
      5,
    );
    try {
      const stored = (await running.ctx.connection
        .collection('requests')
        .findOne({ _id: registered[0]!.caseId as never }))!;
      // Stored before any query field: no jurisdictions, month, serial or name keys.
      const { jurisdictions: _j, registeredMonth: _m, caseSerial: _s, applicantNameKeys: _n, ...before } = stored;
      await older.collection('requests').insertOne(before as never);
      const requests = new RequestRepository(older);
      await requests.prepare();
      const scope = { jurisdiction: '341702001', region: 'chizhou' };
      for (const search of [
        { kind: 'name' as const, name: '陈桂' },
        { kind: 'serial' as const, serial: Number(registered[0]!.caseNumber.split('-').pop()) },
      ])
        expect((await requests.page(scope, { search }, 1, 10)).items.map((r) => r._id)).toEqual([
          registered[0]!.caseId,
        ]);
    } finally {
      await older.dropDatabase();
      await older.close();
    }
  });

  it('reads each month of every list and search with filters FerretDB pushes down', async () => {
    const watched = await connectMongo(
      databaseUrl((await testServers()).mongoUrl, `${runId}_intake`),
      pino({ level: 'silent' }),
      5,
      { monitorCommands: true },
    );
    try {
      const requests = new RequestRepository(watched);
      const watch = watchQueries(watched, ['requests']);
      const scope = { jurisdiction: '341702', region: 'chizhou' };
      const from = new Date(Date.now() - 86_400_000);
      for (const filter of [
        {},
        { stage: 'new' as const },
        { stage: 'decided' as const, place: { township: '341702001', village: '341702001001' } },
        { channels: ['window' as const, 'ivr' as const], itemCode: 'CZ-QJ-01', registered: { from } },
        { search: { kind: 'name' as const, name: '陈' } },
        { search: { kind: 'serial' as const, serial: 7 } },
        { search: { kind: 'case_number' as const, caseNumber: registered[0]!.caseNumber } },
      ])
        await requests.page(scope, filter, 1, 20);
      await requests.countedBetween(scope, from, new Date());
      expect(watch.seen.length).toBeGreaterThan(0);
      expect(await watch.notPushedDown()).toEqual([]);
    } finally {
      await watched.close();
    }
  });
});
