/**
 * The township's case worklist over HTTP on the real servers (assessment in-process on Kafka, FerretDB and
 * Redis): a case read by its case number, the cases of a status or place a page at a time with the total, the
 * investigations and decisions due soonest first with the due date the region's time limits give (working
 * days), overdue ones, and the county's time-to-decision statistics; the queries behind them pushed down.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { topics } from '@carelink/contracts';
import { addWorkingDays, PolicyPacks } from '@carelink/policy';
import { issueLocalToken } from '@carelink/service-host';
import { connectMongo, CommitPort } from '@carelink/store';
import { databaseUrl, testServers, watchQueries } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { CaseRepository } from '../src/data-access/case-repository';
import { registration, startInProcess, until, type InProcess } from './in-process';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

const policies = PolicyPacks.load();

describe('the case worklist over HTTP (real servers)', () => {
  let service: InProcess;
  const tokens: Record<string, string> = {};
  /** Cases A–E of township 341702001 (E in village 341702001201), F of 341702002, G of Changji. */
  const ids = Object.fromEntries([...'ABCDEFG'].map((k) => [k, randomUUID()])) as Record<string, string>;
  const numbers = Object.fromEntries(
    [...'ABCDEFG'].map((k, i) => [k, `CZ341702-2026-91${String(i).padStart(4, '0')}`]),
  );
  numbers.G = 'CJ652301-2026-910007';

  const get = async (path: string, who = 'clerk') => {
    const res = await fetch(service.url(path), { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const post = async (path: string, who: string, body: unknown) =>
    fetch(service.url(path), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const list = async (query: string, who = 'clerk') => {
    const res = await get(`/cases?${query}`, who);
    expect(res.status).toBe(200);
    return res.body;
  };
  const keysOf = (body: Json) =>
    (body.items as Json[]).map((i) => Object.keys(ids).find((k) => ids[k] === i.caseId) ?? i.caseId);

  /** The team (the caller and a coordinator) visits and records: the case waits for the township's review. */
  const investigate = async (key: string, who: 'clerk' | 'cj-clerk', office: string) => {
    const team = await post(`/cases/${ids[key]}/investigation-team`, who, {
      team: [
        { staffId: who === 'clerk' ? 'clerk-9' : who, name: '王', office },
        { staffId: 'c-2', name: '李', office: `${office}201` },
      ],
    });
    expect(team.status).toBe(201);
    const recorded = await post(`/cases/${ids[key]}/investigation`, who, {
      household: { members: 1, livingAlone: true },
      difficulty: { types: ['失能'], degree: 'severe' },
      carer: 'suddenly_absent',
      illnesses: ['psychiatric'],
      needs: [{ kind: 'individual', category: 'cleaning', description: '每周清洁两次' }],
    });
    expect(recorded.status).toBe(201);
  };

  beforeAll(async () => {
    service = await startInProcess('worklist');
    const issue = (sub: string, p: Omit<StaffPrincipal, 'sub'>) =>
      issueLocalToken({ sub, ...p }).then((t) => void (tokens[sub] = t));
    tokens.clerk = service.token; // clerk-9, township 341702001
    await issue('county', { role: 'county_officer', region: 'chizhou', jurisdiction: '341702' });
    await issue('operator', { role: 'hotline_operator', region: 'chizhou', jurisdiction: '34' });
    await issue('cj-clerk', { role: 'township_caseworker', region: 'changji', jurisdiction: '652301101' });
    await issue('cj-county', { role: 'county_officer', region: 'changji', jurisdiction: '652301' });
    for (const key of 'ABCDEFG') {
      const event = registration(ids[key]!, numbers[key]!);
      const data = event.data as Json;
      if (key === 'E') data.address = { county: '341702', township: '341702001', village: '341702001201' };
      if (key === 'F') data.address = { county: '341702', township: '341702002' };
      if (key === 'D') data.items = [{ itemCode: 'CZ-SH-01' }];
      if (key === 'G') {
        data.region = 'changji';
        data.address = { county: '652301', township: '652301101' };
        data.items = [{ itemCode: 'CJ-ZH-03' }];
      }
      await service.running.ctx.bus.publish(topics.intakeRequests, event);
      // Opened one after the other, so that newest first is G … A.
      await until(async () =>
        (await get(`/cases/${ids[key]}`, key === 'G' ? 'cj-clerk' : 'county')).status === 200 ? true : undefined,
      );
    }
    // A: the team is out; B: investigated, waiting for the township's review; C: decided; G: waiting for the county.
    const team = await post(`/cases/${ids.A}/investigation-team`, 'clerk', {
      team: [
        { staffId: 'clerk-9', name: '王', office: '341702001' },
        { staffId: 'c-2', name: '李', office: '341702001201' },
      ],
    });
    expect(team.status).toBe(201);
    await investigate('B', 'clerk', '341702001');
    await investigate('C', 'clerk', '341702001');
    expect(
      (
        await post(`/cases/${ids.C}/decisions`, 'clerk', {
          items: [{ itemCode: 'CZ-QJ-01', approve: true }],
          missingDocumentsReason: '材料原件已入户查验',
        })
      ).status,
    ).toBe(201);
    await investigate('G', 'cj-clerk', '652301101');
    expect(
      (
        await post(`/cases/${ids.G}/decisions`, 'cj-clerk', {
          items: [{ itemCode: 'CJ-ZH-03', approve: true }],
          missingDocumentsReason: '材料原件已入户查验',
        })
      ).status,
    ).toBe(201);
  });
  afterAll(() => service?.stop());

  it('reads a case and its eligibility by case number as by case id, with when its decision is due', async () => {
    const byNumber = await get(`/cases/${numbers.B}`);
    expect(byNumber.status).toBe(200);
    const byId = await get(`/cases/${ids.B}`);
    expect(byNumber.body).toEqual(byId.body);
    const recordedAt = byId.body.investigation.result.recordedAt;
    expect(byId.body.decisionDueAt).toBe(
      addWorkingDays(new Date(recordedAt), 5, policies.get('chizhou')!.workingCalendar).toISOString(),
    );
    expect((await get(`/cases/${numbers.B}/eligibility`)).status).toBe(200);
    expect((await get(`/cases/${numbers.F}`)).status).toBe(403);
    expect((await get('/cases/CZ341702-2026-999999')).status).toBe(404);
    const county = await get(`/cases/${numbers.G}`, 'cj-county');
    expect(county.body.status).toBe('awaiting_county');
    expect(county.body.decisionDueAt).toBe(
      addWorkingDays(new Date(county.body.decisions[0].at), 5, policies.get('changji')!.workingCalendar).toISOString(),
    );
  });

  it('pages the township’s cases newest first with the total, as rows (no findings, no reasons)', async () => {
    const first = await list('page=1&pageSize=2');
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 5, totalCapped: false });
    expect(keysOf(first)).toEqual(['E', 'D']);
    expect(keysOf(await list('page=3&pageSize=2'))).toEqual(['A']);
    expect(keysOf(await list('pageSize=10', 'county'))).toEqual(['F', 'E', 'D', 'C', 'B', 'A']);
    const rows = (await list('pageSize=10')).items as Json[];
    const b = rows.find((r) => r.caseId === ids.B)!;
    expect(b).toMatchObject({
      caseNumber: numbers.B,
      status: 'investigated',
      person: { name: '测试', idNumberMasked: '341*************1X', ageAtRegistration: 76 },
      address: { township: '341702001' },
      itemCodes: ['CZ-QJ-01'],
      investigation: { assignment: 1, overdue: false },
      due: { kind: 'township_review', overdue: false },
    });
    expect(b.decisionDueAt).toBe(b.due.dueAt);
    expect(b.investigatedAt).toEqual(expect.any(String));
    expect(JSON.stringify(rows)).not.toMatch(
      /每周清洁|livingAlone|suddenly_absent|psychiatric|declaredGroups|consent|reason/,
    );
    expect(rows.find((r) => r.caseId === ids.C)).toMatchObject({ status: 'decided', decidedAt: expect.any(String) });
    // The limit form answers as before, without a total.
    expect(await list('limit=2')).not.toHaveProperty('total');
  });

  it('filters by status, place and item', async () => {
    expect(keysOf(await list('status=open,investigating&pageSize=10'))).toEqual(['E', 'D', 'A']);
    expect(keysOf(await list('status=open&status=decided&pageSize=10'))).toEqual(['E', 'D', 'C']);
    expect((await list('status=decided&pageSize=1')).total).toBe(1);
    expect(keysOf(await list('township=341702001201&pageSize=10'))).toEqual(['E']);
    expect(keysOf(await list('township=341702002&pageSize=10', 'county'))).toEqual(['F']);
    expect((await get('/cases?township=341702002')).status).toBe(403);
    expect(keysOf(await list('item=CZ-SH-01&pageSize=10'))).toEqual(['D']);
    expect((await get('/cases?status=lost')).status).toBe(400);
  });

  it('lists investigations and decisions due soonest first, by a day, and the overdue ones', async () => {
    const due = await list('sort=due&pageSize=10');
    expect(keysOf(due)).toEqual(['A', 'B']);
    expect(due.total).toBe(2);
    expect(due.items[0].due).toMatchObject({ kind: 'investigation', overdue: false });
    expect(due.items[0].due.dueAt).toBe(due.items[0].investigation.dueAt);
    expect(keysOf(await list('sort=due&status=investigated&pageSize=10'))).toEqual(['B']);
    expect((await list('overdue=true&pageSize=10')).items).toEqual([]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const inAMonth = new Date(Date.now() + 8 * 3600_000 + 31 * 86_400_000).toISOString().slice(0, 10);
    expect((await list(`dueBefore=${today}&pageSize=10`)).items).toEqual([]);
    expect(keysOf(await list(`dueBefore=${inAMonth}&sort=due&pageSize=10`))).toEqual(['A', 'B']);

    // A case whose team was due a week ago (written through the commit port, as a past assignment left it).
    const late = randomUUID();
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const cases = new CaseRepository(
      service.running.ctx.connection,
      new CommitPort({ connection: service.running.ctx.connection, source: '/test', context: { policies } }),
    );
    const a = (await cases.get(ids.A!))!;
    await cases.commit(late, () => ({
      state: {
        ...a,
        caseId: late,
        caseNumber: 'CZ341702-2026-910099',
        openedAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
        investigation: { ...a.investigation!, dueAt: weekAgo },
      },
    }));
    const overdue = await list('overdue=true&pageSize=10');
    expect(overdue.items.map((i: Json) => i.caseId)).toEqual([late]);
    expect(overdue.items[0].due).toEqual({ kind: 'investigation', dueAt: weekAgo, overdue: true });
    expect((await list('sort=due&pageSize=10')).items.map((i: Json) => i.caseId)).toEqual([late, ids.A, ids.B]);
    expect((await list('overdue=false&sort=due&pageSize=10')).total).toBe(2);
    expect((await list(`dueBefore=${today}&pageSize=10`)).items.map((i: Json) => i.caseId)).toEqual([late]);
  });

  it('gives the hotline a row with its fields only', async () => {
    const rows = (await list('pageSize=10', 'operator')).items as Json[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(
        Object.keys(row).every((k) =>
          [
            'caseId',
            'caseNumber',
            'region',
            'status',
            'person',
            'address',
            'itemCodes',
            'channel',
            'openedAt',
          ].includes(k),
        ),
      ).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/investigation|decisionDueAt|idNumberMasked|ageAtRegistration/);
  });

  it('tells the county the time to decision: how many, median and p90 days, per township', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const chizhou = await get(`/statistics?from=${month}&to=${month}`, 'county');
    expect(chizhou.status).toBe(200);
    expect(chizhou.body).toMatchObject({
      from: month,
      to: month,
      decided: 1,
      approved: 1,
      rejected: 0,
      medianDays: 0,
      p90Days: 0,
    });
    expect(chizhou.body.byTownship).toEqual([
      { township: '341702001', name: '池阳街道', decided: 1, approved: 1, rejected: 0, medianDays: 0, p90Days: 0 },
    ]);
    // Changji's case waits for the county: not decided yet; once the county approves, it counts.
    expect((await get('/statistics', 'cj-county')).body).toMatchObject({ decided: 0, medianDays: null, p90Days: null });
    expect(
      (await post(`/cases/${ids.G}/decisions`, 'cj-county', { items: [{ itemCode: 'CJ-ZH-03', approve: true }] }))
        .status,
    ).toBe(201);
    expect((await get('/statistics', 'cj-county')).body).toMatchObject({ decided: 1, approved: 1 });
    expect((await get('/statistics?from=2025-01&to=2026-12', 'county')).status).toBe(400);
    expect((await get('/statistics', 'operator')).status).toBe(403);
  });

  it('gives cases decided before the statistics their month of decision at start', async () => {
    const older = await connectMongo(
      databaseUrl((await testServers()).mongoUrl, `${service.running.ctx.connection.name}_older`),
      pino({ level: 'silent' }),
      5,
    );
    try {
      const stored = (await service.running.ctx.connection.collection('cases').findOne({ _id: ids.C as never }))!;
      // Stored before any query field.
      const { personId: _p, jurisdictions: _j, openedMonth: _o, decidedMonth: _d, ...before } = stored;
      await older.collection('cases').insertOne(before as never);
      const cases = new CaseRepository(
        older,
        new CommitPort({ connection: older, source: '/test', context: { policies } }),
      );
      await cases.prepare();
      const decided = await cases.decidedBetween(
        { jurisdiction: '341702', region: 'chizhou' },
        new Date(Date.now() - 40 * 86_400_000),
        new Date(Date.now() + 60_000),
      );
      expect(decided.map((c) => c.caseId)).toEqual([ids.C]);
      expect((await cases.page({ jurisdiction: '341702', region: 'chizhou' }, {}, 1, 10)).total).toBe(1);
    } finally {
      await older.dropDatabase();
      await older.close();
    }
  });

  it('reads every list with filters FerretDB pushes down', async () => {
    const watched = await connectMongo(
      databaseUrl((await testServers()).mongoUrl, service.running.ctx.connection.name),
      pino({ level: 'silent' }),
      5,
      { monitorCommands: true },
    );
    try {
      const cases = new CaseRepository(
        watched,
        new CommitPort({ connection: watched, source: '/test', context: { policies } }),
      );
      const watch = watchQueries(watched, ['cases']);
      const scope = { jurisdiction: '341702', region: 'chizhou' };
      await cases.page(scope, {}, 1, 20);
      await cases.page(
        scope,
        { statuses: ['open', 'decided'], place: { township: '341702001', village: '341702001201' } },
        1,
        20,
      );
      await cases.page(scope, { statuses: ['investigating'], itemCode: 'CZ-QJ-01' }, 2, 5);
      await cases.waiting(scope, { statuses: ['investigating', 'investigated', 'awaiting_county'] });
      await cases.decidedBetween(scope, new Date(Date.now() - 40 * 86_400_000), new Date());
      await cases.getByIdOrNumber(numbers.A!);
      expect(watch.seen.length).toBeGreaterThan(0);
      expect(await watch.notPushedDown()).toEqual([]);
    } finally {
      await watched.close();
    }
  });
});
