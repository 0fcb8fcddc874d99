/**
 * The request listings on the real MongoDB-wire server: the same answers as the queries they replaced
 * (jurisdiction prefix, newest first, a person's requests), from filters FerretDB pushes down to SQL; requests
 * stored before the query fields existed get them at start, and requests registered through the commit port
 * are stored with them.
 */
import pino from 'pino';
import type { Connection } from 'mongoose';
import { PolicyPacks } from '@carelink/policy';
import { CommitPort, connectMongo, FieldCipher, MonthBuckets } from '@carelink/store';
import { databaseUrl, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import { RequestRepository, requestRecords, type RequestRecord } from '../src/data-access/request-repository';
import type { ServiceRequest } from '../src/domain/register-request/register-request';

const TOWNSHIPS = ['341702001', '341702002', '341721001', '652301001'];

function request(i: number, at: Date): RequestRecord {
  const township = TOWNSHIPS[i % TOWNSHIPS.length]!;
  return {
    _id: `case-${i}`,
    caseNumber: `CZ-${i}`,
    region: township.startsWith('65') ? 'changji' : 'chizhou',
    channel: 'window',
    personId: `p_${i % 7}`,
    applicant: { name: `申请人${i}`, idNumberMasked: '341*************11', ageAtRegistration: 76 },
    household: [],
    address: { county: township.slice(0, 6), township },
    declaredGroups: ['tekun'],
    declaredConditions: [],
    itemCodes: ['CZ-QJ-01'],
    status: 'registered',
    registeredAt: at,
    registeredBy: 'clerk',
    consent: { given: true, givenBy: 'applicant', recordedAt: at.toISOString() },
  };
}

describe('request listings (real MongoDB-wire server)', () => {
  let connection: Connection;
  let requests: RequestRepository;
  const all: RequestRecord[] = [];

  beforeAll(async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${uniqueName('requests')}_intake`);
    connection = await connectMongo(url, pino({ level: 'silent' }), 10, { monitorCommands: true });
    // Requests stored before the query fields existed (no jurisdictions, no registration month), and before
    // ages replaced birth dates (the birth date and sex beside a mask that hid only the birth date) …
    const start = Date.parse('2026-03-10T08:00:00.000Z');
    for (let i = 0; i < 20; i++) all.push(request(i, new Date(start + i * 5 * 86_400_000)));
    await connection.collection('requests').insertMany(
      all.slice(0, 12).map((r) => ({
        ...r,
        applicant: {
          name: r.applicant.name,
          idNumberMasked: '341702********0011',
          birthDate: '1950-01-01',
          sex: 'male',
        },
      })) as never[],
    );
    // … get them at start; the ones registered after are stored with them.
    requests = new RequestRepository(connection);
    await requests.prepare();
    const commits = new CommitPort({
      connection,
      source: '/carelink/intake',
      context: { policies: PolicyPacks.load() },
    });
    const { registering } = requestRecords(connection, commits, new FieldCipher('11'.repeat(32), '22'.repeat(32)));
    for (const { _id, ...r } of all.slice(12))
      await registering.commit(_id, () => ({ state: { ...r, caseId: _id } as ServiceRequest }));
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  const newestFirst = (rs: RequestRecord[]) =>
    [...rs].sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime()).map((r) => r._id);

  it('lists a jurisdiction newest first, as the prefix match did, with filters pushed down', async () => {
    const watch = watchQueries(connection, ['requests']);
    for (const jurisdiction of ['34', '341702', '341702001', '341721', '65', '341702001001'])
      for (const limit of [1, 3, 100]) {
        const listed = await requests.listWithin(jurisdiction, limit);
        const expected = newestFirst(all.filter((r) => r.address.township.startsWith(jurisdiction))).slice(0, limit);
        expect(listed.map((r) => r._id)).toEqual(expected);
      }
    const one = (await requests.listWithin('341702001', 1))[0]!;
    expect(one).not.toHaveProperty('jurisdictions');
    expect(one).not.toHaveProperty('registeredMonth');
    expect(one).not.toHaveProperty('_outbox');
    expect(await watch.notPushedDown()).toEqual([]);
  });

  it("finds a person's requests, and the latest of several persons, within a region and jurisdiction", async () => {
    const watch = watchQueries(connection, ['requests']);
    const expected = (personIds: string[], region: string, jurisdiction: string, limit: number) =>
      newestFirst(
        all.filter(
          (r) => personIds.includes(r.personId) && r.region === region && r.address.township.startsWith(jurisdiction),
        ),
      ).slice(0, limit);
    expect(
      (await requests.latestOf(['p_1', 'p_3'], 5, { region: 'chizhou', jurisdiction: '3417' })).map((r) => r.caseId),
    ).toEqual(expected(['p_1', 'p_3'], 'chizhou', '3417', 5));
    expect(
      (await requests.latestOf(['p_2'], 2, { region: 'chizhou', jurisdiction: '341702' })).map((r) => r.caseId),
    ).toEqual(expected(['p_2'], 'chizhou', '341702', 2));
    expect(await requests.latestOf([], 5, { region: 'chizhou', jurisdiction: '34' })).toEqual([]);
    expect((await requests.ofPersonWithin('p_0', '341702', 500)).map((r) => r._id)).toEqual(
      newestFirst(all.filter((r) => r.personId === 'p_0' && r.address.township.startsWith('341702'))),
    );
    expect(await watch.notPushedDown()).toEqual([]);
  });

  it('gives requests stored with birth dates the age of their registration day and a 3+2 mask (issue 11, finding 2)', async () => {
    expect((await requests.findById('case-3'))!.applicant).toEqual(all[3]!.applicant);
    const stored = await connection.collection('requests').find({}).toArray();
    expect(stored).toHaveLength(all.length);
    expect(JSON.stringify(stored)).not.toMatch(/birthDate|1950-01-01|"sex"|341702\*/);
  });
});

describe('a worklist page of a township whose months hold more requests than a page (real MongoDB-wire server)', () => {
  let connection: Connection;
  let requests: RequestRepository;
  const dense: RequestRecord[] = [];
  const TOWNSHIP = '341702003';
  const scope = { jurisdiction: TOWNSHIP, region: 'chizhou' };

  beforeAll(async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${uniqueName('requestdays')}_intake`);
    connection = await connectMongo(url, pino({ level: 'silent' }), 10, { monitorCommands: true });
    // Four a day: 2026-04-20 … 2026-05-09. April's were stored before the day existed (the start gives it them
    // and notes their days); May's are registered through the commit port.
    const first = Date.parse('2026-04-20T01:00:00.000Z');
    for (let i = 0; i < 80; i++) {
      const r = request(i * 4, new Date(first + Math.floor(i / 4) * 86_400_000 + (i % 4) * 3_600_000));
      dense.push({
        ...r,
        _id: `dense-${i}`,
        caseNumber: `CZ-D-${i}`,
        address: { county: '341702', township: TOWNSHIP },
      });
    }
    const april = dense.filter((r) => r.registeredAt.toISOString() < '2026-05');
    await connection.collection('requests').insertMany(april as never[]);
    requests = new RequestRepository(connection);
    await requests.prepare();
    const commits = new CommitPort({
      connection,
      source: '/carelink/intake',
      context: { policies: PolicyPacks.load() },
    });
    const { registering } = requestRecords(connection, commits, new FieldCipher('11'.repeat(32), '22'.repeat(32)));
    for (const { _id, ...r } of dense.slice(april.length))
      await registering.commit(_id, () => ({ state: { ...r, caseId: _id } as ServiceRequest }));
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  const sorted = () => [...dense].sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime()).map((r) => r._id);

  it('pages newest first as one sorted query would, reading days of a month, pushed down', async () => {
    const watch = watchQueries(connection, ['requests']);
    for (const pageSize of [3, 7, 20])
      for (const page of [1, 2, 5]) {
        const found = await requests.page(scope, {}, page, pageSize);
        expect(found.items.map((r) => r._id)).toEqual(sorted().slice((page - 1) * pageSize, page * pageSize));
        expect(found).toMatchObject({ total: 80, totalCapped: false });
      }
    expect((await requests.newest(scope, {}, 45)).map((r) => r._id)).toEqual(sorted().slice(0, 45));
    // Within a range of days (China time): 2026-04-25 … 2026-05-02.
    const registered = { from: new Date('2026-04-24T16:00:00Z'), to: new Date('2026-05-02T16:00:00Z') };
    const inRange = sorted().filter((id) => {
      const at = dense.find((r) => r._id === id)!.registeredAt;
      return at >= registered.from && at < registered.to;
    });
    expect((await requests.page(scope, { registered }, 1, 10)).items.map((r) => r._id)).toEqual(inRange.slice(0, 10));
    expect(await watch.notPushedDown()).toEqual([]);
    // The day is a query field: never returned.
    const one = (await requests.newest(scope, {}, 1))[0]!;
    expect(one).not.toHaveProperty('registeredDay');
    expect(await requests.findById(one._id)).not.toHaveProperty('registeredDay');
  });

  it('reads the newest days of a month holding more than a page, not the whole month sorted', async () => {
    const dayReads: string[] = [];
    const sortedMonthReads: string[] = [];
    const client = connection.getClient();
    const seen = (event: { commandName: string; command: Record<string, unknown> }) => {
      const filter = event.command.filter as Record<string, unknown> | undefined;
      if (event.commandName !== 'find' || event.command.find !== 'requests' || !filter) return;
      if (filter.registeredDay) dayReads.push(String(filter.registeredDay));
      if (filter.registeredMonth && event.command.sort) sortedMonthReads.push(String(filter.registeredMonth));
    };
    client.on('commandStarted', seen);
    try {
      const found = await requests.page(scope, {}, 1, 6);
      expect(found.items.map((r) => r._id)).toEqual(sorted().slice(0, 6));
    } finally {
      client.off('commandStarted', seen);
    }
    // May holds 36 (nine days of four): its newest day, then the two before it, give the six; no month is sorted
    // whole.
    expect(sortedMonthReads).toEqual([]);
    expect(dayReads).toEqual(['2026-05-09', '2026-05-08', '2026-05-07']);
    // April's days were noted when the start gave its requests their day.
    expect(await new MonthBuckets(connection, 'requests').daysOf('2026-04')).toEqual(
      Array.from({ length: 11 }, (_, i) => `2026-04-${30 - i}`),
    );
  });
});
