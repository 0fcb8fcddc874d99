/**
 * Referral lists over HTTP on the real servers (referral in-process on Kafka, FerretDB and Redis): a
 * department's inbox worked through by its own staff (list, receipt, acceptance, start, completion, rejection
 * with a reason), the county reading (never acting on) the referrals of its county, the township's worklist of
 * referrals held for consent or escalated, with filters, pages and totals, and the county's counts by state;
 * the queries behind them pushed down.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, EligibilityDecided, topics } from '@carelink/contracts';
import { issueLocalToken, type RunningService, startService } from '@carelink/service-host';
import { connectMongo, withDocumentLock } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createConfig, type ReferralConfig } from '../src/config';
import { ReferralRepository } from '../src/data-access/referral-repository';
import { referralService } from '../src/service';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

describe('referral worklists and a department inbox over HTTP (real servers)', () => {
  let running: RunningService<ReferralConfig>;
  let receiver: Server;
  let subscriptionId: string;
  const runId = uniqueName('refwl');
  const tokens: Record<string, string> = {};
  /** Cases: 1, 2 health (341702001); 3 cleaning, no contract (escalated); 4 without consent; 5 human resources; 6 health in county 341721. */
  const cases: Record<number, string> = {};
  /** Case numbers as intake gives them, one per decided case. */
  const numbers = new Map<string, string>();
  const numberOf = (caseId: string) => numbers.get(caseId)!;
  const referralOf = (n: number, item: string) => `${cases[n]}:${item}`;

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const r = await fetch(url(path), {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json().catch(() => undefined)) as Json };
  };
  const list = async (query: string, who: string) => {
    const r = await call('GET', `/referrals?${query}`, who);
    expect(r.status).toBe(200);
    return r.body;
  };
  const act = (n: number, item: string, action: string, who: string, body: unknown = {}) =>
    call('POST', `/referrals/${encodeURIComponent(referralOf(n, item))}/${action}`, who, body);
  const idsOf = (body: Json) => (body.items as Json[]).map((r) => r.referralId);
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, tries = 200): Promise<T> => {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const decide = async (items: string[], consent: boolean, township = '341702001') => {
    const caseId = randomUUID();
    numbers.set(caseId, `CZ${township.slice(0, 6)}-2026-${String(910001 + numbers.size)}`);
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/test',
        key: caseId,
        data: {
          caseId,
          caseNumber: numberOf(caseId),
          region: 'chizhou',
          packVersion: 'test',
          person: { personId: `p_${caseId.replace(/-/g, '').slice(0, 16)}`, name: '王秀英' },
          address: { county: township.slice(0, 6), township },
          items: items.map((itemCode) => ({ itemCode, approved: true, reason: '符合条件' })),
          consent: { given: consent, givenBy: 'applicant', recordedAt: new Date().toISOString() },
          // An elder who cannot look after themselves, nobody caring: a purchased item goes to a provider (000 三(六)1).
          circumstances: {
            age: 78,
            groups: ['dibao'],
            conditions: ['disabled_elder'],
            barthelScore: 40,
            carer: 'absent',
            illnesses: [],
          },
          decidedBy: 'clerk',
          decidedAt: new Date().toISOString(),
        },
      }),
    );
    return caseId;
  };

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      referralService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_referral`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
      }),
    );
    const staff: Record<string, Omit<StaffPrincipal, 'sub'>> = {
      county: { role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
      otherCounty: { role: 'county_officer', region: 'chizhou', jurisdiction: '341721' },
      clerk: { role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      health: { role: 'department_staff', region: 'chizhou', jurisdiction: '341702', departmentCode: 'health' },
      hr: { role: 'department_staff', region: 'chizhou', jurisdiction: '341702', departmentCode: 'human_resources' },
      nobody: { role: 'department_staff', region: 'chizhou', jurisdiction: '341702' },
      operator: { role: 'hotline_operator', region: 'chizhou', jurisdiction: '34' },
      alpha: { role: 'provider_staff', region: 'chizhou', jurisdiction: '341702', providerId: 'alpha' },
    };
    for (const [sub, p] of Object.entries(staff)) tokens[sub] = await issueLocalToken({ sub, ...p });
    // The health department's endpoint takes every delivery; it subscribes before the cases are decided.
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const subscribed = await call('POST', '/webhook-subscriptions', 'health', {
      departmentCode: 'health',
      region: 'chizhou',
      endpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      places: ['341702'],
    });
    expect(subscribed.status).toBe(201);
    subscriptionId = subscribed.body.subscriptionId;
    // Two contracts of the county: one in force, one not yet.
    for (const [providerId, validFrom] of [
      ['alpha', '2026-01-01'],
      ['beta', '2099-01-01'],
    ] as const)
      expect(
        (
          await call('POST', '/contracts', 'county', {
            providerId,
            providerName: `${providerId}社工`,
            region: 'chizhou',
            itemCodes: ['CZ-SH-02'],
            townships: ['341702002'],
            monthlyCapacity: 10,
            validFrom,
            validTo: '2099-12-31',
          })
        ).status,
      ).toBe(201);
    cases[1] = await decide(['CZ-JK-01'], true);
    cases[2] = await decide(['CZ-JK-01'], true);
    cases[3] = await decide(['CZ-QJ-01'], true);
    cases[4] = await decide(['CZ-JK-01'], false);
    cases[5] = await decide(['CZ-NL-01'], true);
    cases[6] = await decide(['CZ-JK-01'], true, '341721100');
    for (const [n, item] of [
      [1, 'CZ-JK-01'],
      [2, 'CZ-JK-01'],
      [3, 'CZ-QJ-01'],
      [4, 'CZ-JK-01'],
      [5, 'CZ-NL-01'],
    ] as const)
      await until(`referral ${n}`, async () =>
        (await call('GET', `/referrals/${encodeURIComponent(referralOf(n, item))}`, 'county')).status === 200
          ? true
          : undefined,
      );
    await until('referral 6', async () =>
      (await call('GET', `/referrals/${encodeURIComponent(referralOf(6, 'CZ-JK-01'))}`, 'otherCounty')).status === 200
        ? true
        : undefined,
    );
  });

  afterAll(async () => {
    receiver?.close();
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  it("gives a department's staff its inbox, and lets it receive, accept, start and complete a referral", async () => {
    const inbox = await list('page=1&pageSize=10', 'health');
    expect(inbox).toMatchObject({ page: 1, pageSize: 10, total: 2, totalCapped: false });
    // Newest first; not the one held for consent, another department's, nor another county's.
    expect(idsOf(inbox)).toEqual([referralOf(2, 'CZ-JK-01'), referralOf(1, 'CZ-JK-01')]);
    expect(inbox.items[0]).toMatchObject({
      caseNumber: numberOf(cases[2]!),
      itemCode: 'CZ-JK-01',
      township: '341702001',
      person: { name: '王秀英' },
      status: 'requested',
      route: { kind: 'department', departmentCode: 'health' },
      sharingBasis: { basis: 'consent' },
      attempt: 1,
      answerDueAt: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(inbox.items[0]).not.toHaveProperty('explanation');
    // Its own moves only: so far the routing that sent it here.
    expect(inbox.items[0].history).toEqual([{ from: 'requested', to: 'requested', at: expect.any(String) }]);
    expect(idsOf(await list('pageSize=10', 'hr'))).toEqual([referralOf(5, 'CZ-NL-01')]);

    for (const action of ['receipt', 'acceptance', 'start', 'completion'])
      expect((await act(1, 'CZ-JK-01', action, 'health')).status).toBe(201);
    expect(idsOf(await list('status=completed&pageSize=10', 'health'))).toEqual([referralOf(1, 'CZ-JK-01')]);
    expect(idsOf(await list('status=requested,received&pageSize=10', 'health'))).toEqual([referralOf(2, 'CZ-JK-01')]);
    // By case number, as by case id.
    expect(idsOf(await list(`caseId=${numberOf(cases[1]!)}`, 'health'))).toEqual([referralOf(1, 'CZ-JK-01')]);
    // Another department cannot act on it; a department account without its department is refused.
    expect((await act(2, 'CZ-JK-01', 'receipt', 'hr')).status).toBe(404);
    const nobody = await call('GET', '/referrals', 'nobody');
    expect(nobody.status).toBe(403);
    expect(nobody.body.code).toBe('no_receiver');
  });

  it('takes a rejection only with a reason; the rejected referral leaves the inbox and waits for the township', async () => {
    const bare = await act(2, 'CZ-JK-01', 'rejection', 'health');
    expect(bare.status).toBe(400);
    expect(bare.body.code).toBe('reason_required');
    expect((await act(2, 'CZ-JK-01', 'rejection', 'health', { reason: '本部门本月无体检名额' })).status).toBe(201);
    expect(idsOf(await list('pageSize=10', 'health'))).toEqual([referralOf(1, 'CZ-JK-01')]);
    const escalated = await list('status=awaiting_provider&pageSize=10', 'clerk');
    expect(idsOf(escalated)).toEqual([referralOf(3, 'CZ-QJ-01'), referralOf(2, 'CZ-JK-01')]);
    const rejected = escalated.items[1];
    expect(rejected.escalatedAt).toEqual(expect.any(String));
    expect(rejected.escalationReason).toContain('本部门本月无体检名额');
    expect(rejected).not.toHaveProperty('route');
    expect(escalated.items[0].escalationReason).toEqual(expect.any(String));
  });

  it('lets the county read the referrals of its county, never act on them', async () => {
    const all = await list('page=1&pageSize=2', 'county');
    expect(all).toMatchObject({ total: 5, totalCapped: false });
    expect(idsOf(all)).toEqual([referralOf(5, 'CZ-NL-01'), referralOf(4, 'CZ-JK-01')]);
    const one = await call('GET', `/referrals/${encodeURIComponent(referralOf(1, 'CZ-JK-01'))}`, 'county');
    expect(one.status).toBe(200);
    expect(one.body.history.map((h: Json) => h.to)).toEqual([
      'requested',
      'received',
      'accepted',
      'in_progress',
      'completed',
    ]);
    for (const action of ['receipt', 'acceptance', 'rejection', 'start', 'completion']) {
      const refused = await act(4, 'CZ-JK-01', action, 'county', { reason: '县级代为处理' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('role_not_allowed');
    }
    // Another county's officer reads nothing of it.
    expect(
      (await call('GET', `/referrals/${encodeURIComponent(referralOf(1, 'CZ-JK-01'))}`, 'otherCounty')).status,
    ).toBe(403);
    expect(idsOf(await list('pageSize=10', 'otherCounty'))).toEqual([referralOf(6, 'CZ-JK-01')]);
  });

  it("filters the township's worklist: held for consent, escalated, by department, provider, item and place", async () => {
    expect(idsOf(await list('status=awaiting_consent&pageSize=10', 'clerk'))).toEqual([referralOf(4, 'CZ-JK-01')]);
    expect(idsOf(await list('status=awaiting_consent,awaiting_provider&pageSize=10', 'clerk'))).toEqual([
      referralOf(4, 'CZ-JK-01'),
      referralOf(3, 'CZ-QJ-01'),
      referralOf(2, 'CZ-JK-01'),
    ]);
    // The one held for consent is routed (to health) but not sent yet.
    expect(idsOf(await list('departmentCode=health&pageSize=10', 'county'))).toEqual([
      referralOf(4, 'CZ-JK-01'),
      referralOf(1, 'CZ-JK-01'),
    ]);
    expect(idsOf(await list('departmentCode=human_resources', 'county'))).toEqual([referralOf(5, 'CZ-NL-01')]);
    expect((await list('providerId=alpha&pageSize=10', 'county')).total).toBe(0);
    expect((await list('itemCode=CZ-JK-01&pageSize=1', 'county')).total).toBe(3);
    expect((await list('township=341702001&pageSize=1', 'county')).total).toBe(5);
    expect((await call('GET', '/referrals?township=341721100', 'county')).status).toBe(403);
    expect((await call('GET', '/referrals?status=lost', 'county')).status).toBe(400);
    // One case's referrals, by its number.
    expect(idsOf(await list(`caseId=${numberOf(cases[3]!)}`, 'clerk'))).toEqual([referralOf(3, 'CZ-QJ-01')]);
    // The hotline reads its fields only.
    const byOperator = (await list('pageSize=10', 'operator')).items as Json[];
    expect(byOperator.length).toBe(6);
    expect(JSON.stringify(byOperator)).not.toMatch(/sharingBasis|escalationReason|personId/);
  });

  it('searches by case number or the person’s name, and shows a receiver its own moves', async () => {
    expect(idsOf(await list(`q=${numberOf(cases[5]!)}`, 'county'))).toEqual([referralOf(5, 'CZ-NL-01')]);
    expect((await list(`q=${encodeURIComponent('王')}&pageSize=1`, 'county')).total).toBe(5);
    expect((await list(`q=${encodeURIComponent('王秀英')}&pageSize=1`, 'county')).total).toBe(5);
    expect((await list(`q=${encodeURIComponent('李')}`, 'county')).items).toEqual([]);
    expect(idsOf(await list(`q=${encodeURIComponent('王秀')}&pageSize=10`, 'health'))).toEqual([
      referralOf(1, 'CZ-JK-01'),
    ]);
    const [done] = (await list('pageSize=10', 'health')).items;
    expect(done.history.map((h: Json) => h.to)).toEqual([
      'requested',
      'received',
      'accepted',
      'in_progress',
      'completed',
    ]);
    // Staff's rows leave the history out; the referral read alone has it whole.
    expect((await list('pageSize=10', 'county')).items[0]).not.toHaveProperty('history');
  });

  it('lists the referrals whose receiver has not answered in time, the soonest due first', async () => {
    const waiting = await list('sort=answerDue&pageSize=10', 'county');
    expect(idsOf(waiting)).toEqual([referralOf(5, 'CZ-NL-01')]);
    expect((await list('overdue=true', 'county')).items).toEqual([]);
    // Three working days went by without an answer from human resources. Written under the referral's document
    // lock, as every write of a live document: FerretDB v1 applies an update by reading and writing back the whole
    // document, so an unlocked write racing the outbox relay's would be lost.
    await withDocumentLock(running.ctx.connection, 'referrals', referralOf(5, 'CZ-NL-01'), () =>
      running.ctx.connection
        .collection('referrals')
        .updateOne(
          { _id: referralOf(5, 'CZ-NL-01') as never },
          { $set: { answerDueAt: new Date(Date.now() - 60_000).toISOString() } },
        ),
    );
    const overdue = await list('overdue=true&page=1&pageSize=10', 'county');
    expect(overdue).toMatchObject({ total: 1 });
    expect(idsOf(overdue)).toEqual([referralOf(5, 'CZ-NL-01')]);
    expect(idsOf(await list('overdue=true', 'hr'))).toEqual([referralOf(5, 'CZ-NL-01')]);
    expect((await list('overdue=true', 'health')).items).toEqual([]);
    expect((await list('overdue=false&pageSize=1', 'county')).total).toBe(0);
  });

  it('lists contracts with their use this month and state; a provider reads its own', async () => {
    const all = await call('GET', '/contracts', 'county');
    expect(all.status).toBe(200);
    expect(all.body.items.map((c: Json) => [c.providerId, c.state, c.usedThisMonth])).toEqual([
      ['alpha', 'in_force', 0],
      ['beta', 'upcoming', 0],
    ]);
    expect((await call('GET', '/contracts?state=in_force', 'county')).body.items).toHaveLength(1);
    expect((await call('GET', '/contracts?providerId=beta', 'county')).body.items[0].providerId).toBe('beta');
    const own = await call('GET', '/contracts', 'alpha');
    expect(own.status).toBe(200);
    expect(own.body.items.map((c: Json) => c.providerId)).toEqual(['alpha']);
    // A referral routed under alpha's contract counts against it this month.
    const cleaning = await decide(['CZ-SH-02'], true, '341702002');
    await until('routed to alpha', async () =>
      (await call('GET', `/referrals/${encodeURIComponent(`${cleaning}:CZ-SH-02`)}`, 'county')).body?.route
        ?.providerId === 'alpha'
        ? true
        : undefined,
    );
    const after = await call('GET', '/contracts?providerId=alpha', 'county');
    expect(after.body.items[0].usedThisMonth).toBe(1);
  });

  it("pages a department's webhook deliveries, newest first, by event type, with counts per state", async () => {
    const subs = await call('GET', '/webhook-subscriptions', 'health');
    const mine = subs.body.items.find((x: Json) => x.subscriptionId === subscriptionId);
    await until('delivered', async () => {
      const r = await call('GET', '/webhook-subscriptions', 'health');
      const c = r.body.items.find((x: Json) => x.subscriptionId === subscriptionId)?.counts;
      return c && c.delivered >= 8 && c.pending === 0 ? true : undefined;
    });
    expect(mine.counts).toEqual({ pending: expect.any(Number), delivered: expect.any(Number), dead: 0 });
    const path = `/webhook-subscriptions/${subscriptionId}/deliveries`;
    const first = await call('GET', `${path}?page=1&pageSize=3&order=desc`, 'health');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 3, totalCapped: false });
    expect(first.body.total).toBeGreaterThanOrEqual(8);
    const times = (first.body.items as Json[]).map((d) => d.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const completed = await call('GET', `${path}?eventType=referral.completed.v1&page=1`, 'health');
    expect(completed.body.total).toBe(1);
    expect(completed.body.items[0]).toMatchObject({ caseId: cases[1], eventType: 'referral.completed.v1' });
    const ofCase = await call('GET', `${path}?caseId=${cases[1]}&pageSize=10`, 'health');
    expect((ofCase.body.items as Json[]).map((d) => d.eventType)).toEqual([
      'referral.created.v1',
      'referral.received.v1',
      'referral.accepted.v1',
      'referral.started.v1',
      'referral.completed.v1',
    ]);
    expect((await call('GET', `${path}?eventType=nonsense`, 'health')).status).toBe(400);
  });

  it("counts the county's referrals by state, receiver and item (the dashboard)", async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const stats = await call('GET', `/statistics?from=${month}&to=${month}`, 'county');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ from: month, to: month, total: 6 });
    expect(stats.body.byStatus).toEqual([
      { status: 'awaiting_provider', count: 2 },
      { status: 'requested', count: 2 },
      { status: 'awaiting_consent', count: 1 },
      { status: 'completed', count: 1 },
    ]);
    expect(stats.body.byReceiver).toEqual([
      { kind: 'department', code: 'health', name: '卫健', count: 2, byStatus: { awaiting_consent: 1, completed: 1 } },
      { kind: 'none', code: '', name: null, count: 2, byStatus: { awaiting_provider: 2 } },
      { kind: 'department', code: 'human_resources', name: '人社', count: 1, byStatus: { requested: 1 } },
      { kind: 'provider', code: 'alpha', name: 'alpha社工', count: 1, byStatus: { requested: 1 } },
    ]);
    expect(stats.body.byItem).toEqual([
      { itemCode: 'CZ-JK-01', name: '上门健康监测', count: 3 },
      { itemCode: 'CZ-NL-01', name: '就业技能培训', count: 1 },
      { itemCode: 'CZ-QJ-01', name: '居家清洁', count: 1 },
      { itemCode: 'CZ-SH-02', name: '代购代办', count: 1 },
    ]);
    expect((await call('GET', '/statistics', 'health')).status).toBe(403);
  });

  it('reads every list with filters FerretDB pushes down', async () => {
    const watched = await connectMongo(
      databaseUrl((await testServers()).mongoUrl, `${runId}_referral`),
      pino({ level: 'silent' }),
      5,
      { monitorCommands: true },
    );
    try {
      const referrals = new ReferralRepository(watched);
      const watch = watchQueries(watched, ['referrals']);
      const scope = { jurisdiction: '341702', region: 'chizhou' };
      await referrals.page(scope, {}, 1, 20);
      await referrals.page(scope, { statuses: ['awaiting_consent', 'awaiting_provider'], place: '341702001' }, 1, 20);
      await referrals.page(scope, { departmentCode: 'health', itemCode: 'CZ-JK-01', caseId: cases[1] }, 1, 20);
      await referrals.newest(scope, { providerId: 'alpha' }, 50);
      await referrals.pageForReceiver({ departmentCode: 'health', region: 'chizhou', within: '341702' }, {}, 1, 20);
      await referrals.pageForReceiver({ providerId: 'alpha' }, { statuses: ['requested'] }, 1, 20);
      await referrals.caseIdOf(numberOf(cases[1]!), '341702');
      await referrals.page(scope, { personName: '王秀', caseNumber: numberOf(cases[1]!) }, 1, 20);
      await referrals.waiting({ staff: scope }, { statuses: ['requested', 'received'] });
      await referrals.waiting(
        { receiver: { departmentCode: 'health', region: 'chizhou', within: '341702' } },
        { statuses: ['requested', 'received'], personName: '王' },
      );
      const month = new Date().toISOString().slice(0, 7);
      await referrals.createdBetween(scope, `${month}-01T00:00:00.000Z`, new Date().toISOString());
      expect(watch.seen.length).toBeGreaterThan(0);
      expect(await watch.notPushedDown()).toEqual([]);
    } finally {
      await watched.close();
    }
  });
});
