/**
 * The case queries on the real MongoDB-wire server: a person's cases (dynamic management) and the listings
 * of a jurisdiction answer as the dotted-path and prefix queries they replaced did, from filters FerretDB
 * pushes down to SQL; cases stored before the query fields existed get them at start.
 */
import pino from 'pino';
import type { Connection } from 'mongoose';
import { PolicyPacks } from '@carelink/policy';
import { CommitPort, connectMongo } from '@carelink/store';
import { databaseUrl, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import { CaseRepository } from '../src/data-access/case-repository';
import type { CaseState, CaseStatus } from '../src/domain/case';

const TOWNSHIPS = ['341702001', '341702002', '341721001'];
const STATUSES: CaseStatus[] = ['open', 'investigating', 'decided'];

function givenCase(i: number, openedAt: string): CaseState {
  const township = TOWNSHIPS[i % TOWNSHIPS.length]!;
  return {
    caseId: `case-${i}`,
    caseNumber: `CZ-${i}`,
    region: 'chizhou',
    status: STATUSES[i % STATUSES.length]!,
    version: 1,
    person: {
      personId: `p_${i % 4}`,
      name: `申请人${i}`,
      ageAtRegistration: 76,
      idNumberMasked: '341*************11',
    },
    address: { county: township.slice(0, 6), township },
    declaredGroups: ['tekun'],
    declaredConditions: [],
    consent: { given: true, givenBy: 'applicant', recordedAt: openedAt },
    itemCodes: ['CZ-QJ-01'],
    channel: 'window',
    openedAt,
    decisions: [],
  };
}

describe('case queries (real MongoDB-wire server)', () => {
  let connection: Connection;
  let cases: CaseRepository;
  const all: CaseState[] = [];

  beforeAll(async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${uniqueName('cases')}_assessment`);
    connection = await connectMongo(url, pino({ level: 'silent' }), 10, { monitorCommands: true });
    const start = Date.parse('2026-05-20T02:00:00.000Z');
    for (let i = 0; i < 18; i++) all.push(givenCase(i, new Date(start + i * 6 * 86_400_000).toISOString()));
    // Cases stored before the query fields existed, and before registrations carried ages (the birth date
    // beside a mask that hid only it) …
    await connection.collection('cases').insertMany(
      all.slice(0, 10).map(({ caseId, person, ...rest }) => ({
        _id: caseId,
        ...rest,
        person: {
          personId: person.personId,
          name: person.name,
          birthDate: '1950-01-01',
          idNumberMasked: '341702********0011',
        },
      })) as never[],
    );
    const commits = new CommitPort({
      connection,
      source: '/carelink/assessment',
      context: { policies: PolicyPacks.load() },
    });
    cases = new CaseRepository(connection, commits);
    await cases.prepare();
    // … and cases committed since, through the commit port.
    for (const c of all.slice(10))
      expect(
        await cases.commit(c.caseId, (current) => (current ? { result: false } : { state: c, result: true })),
      ).toBe(true);
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  const ids = (cs: CaseState[]) => cs.map((c) => c.caseId);
  const newestFirst = (cs: CaseState[]) => ids([...cs].sort((a, b) => b.openedAt.localeCompare(a.openedAt)));

  it("finds a person's cases and lists a jurisdiction newest first, with filters pushed down", async () => {
    const watch = watchQueries(connection, ['cases']);
    for (const personId of ['p_0', 'p_3', 'p_9'])
      expect(ids(await cases.ofPerson(personId)).sort()).toEqual(
        ids(all.filter((c) => c.person.personId === personId)).sort(),
      );
    for (const jurisdiction of ['34', '341702', '341702002', '341721'])
      for (const status of [undefined, 'decided' as const])
        for (const limit of [2, 5000]) {
          const expected = newestFirst(
            all.filter((c) => c.address.township.startsWith(jurisdiction) && (!status || c.status === status)),
          ).slice(0, limit);
          expect(ids(await cases.listWithin(jurisdiction, status, limit))).toEqual(expected);
        }
    expect(await cases.get('case-3')).toEqual(all[3]); // the age on the day it was opened, a 3+2 mask
    expect(await cases.get('case-12')).toEqual(all[12]); // no port version, no query fields
    expect(await watch.notPushedDown()).toEqual([]);
  });

  it('keeps no birth date of the cases stored with one (issue 11, finding 2)', async () => {
    const stored = await connection.collection('cases').find({}).toArray();
    expect(stored).toHaveLength(all.length);
    expect(JSON.stringify(stored)).not.toMatch(/birthDate|1950-01-01|341702\*/);
  });
});
