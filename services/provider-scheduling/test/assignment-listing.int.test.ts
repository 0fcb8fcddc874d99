/**
 * The assignment listings on the real MongoDB-wire server: a provider's and a jurisdiction's, newest offer
 * first, answer as the queries they replaced did, from filters FerretDB pushes down to SQL; assignments stored
 * before the query fields existed get them at start, and a renewed offer moves to its new month.
 */
import pino from 'pino';
import type { Connection } from 'mongoose';
import { CommitPort, connectMongo } from '@carelink/store';
import { databaseUrl, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import { assignmentStates, AssignmentRepository } from '../src/data-access/assignment-repository';
import type { AssignmentState, AssignmentStatus } from '../src/domain/assignment';
import { decideOffer } from '../src/domain/offer-assignment/offer-assignment';
import { givenAssignment } from './fixtures';

const TOWNSHIPS = ['341702001', '341702002', '341721001'];
const STATUSES: AssignmentStatus[] = ['offered', 'accepted', 'completed', 'withdrawn'];

describe('assignment listings (real MongoDB-wire server)', () => {
  let connection: Connection;
  let assignments: AssignmentRepository;
  const all: AssignmentState[] = [];
  const offer = async (a: AssignmentState) => {
    await assignments.noteOffered(a);
    return new CommitPort({ connection, source: '/carelink/provider-scheduling' }).commit(
      assignmentStates,
      a.referralId,
      (current) => decideOffer(current, a),
    );
  };

  beforeAll(async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${uniqueName('assignq')}_scheduling`);
    connection = await connectMongo(url, pino({ level: 'silent' }), 10, { monitorCommands: true });
    const start = Date.parse('2026-08-20T02:00:00.000Z');
    for (let i = 0; i < 24; i++)
      all.push(
        givenAssignment({
          referralId: `ref-${i}`,
          township: TOWNSHIPS[i % TOWNSHIPS.length]!,
          providerId: i % 2 ? 'prov-a' : 'prov-b',
          status: STATUSES[i % STATUSES.length]!,
          offeredAt: new Date(start + i * 5 * 86_400_000).toISOString(),
        }),
      );
    // Assignments stored before the query fields existed …
    await connection
      .collection('assignments')
      .insertMany(all.slice(0, 12).map(({ referralId, ...rest }) => ({ _id: referralId, ...rest })) as never[]);
    assignments = new AssignmentRepository(connection);
    await assignments.prepare();
    for (const a of all.slice(12)) expect(await offer(a)).toBe(true);
    // A withdrawn offer (stored before) offered again, to the other provider, months later.
    const renewed = {
      ...all[3]!,
      providerId: 'prov-b',
      status: 'offered' as const,
      offeredAt: '2027-01-05T00:00:00.000Z',
    };
    expect(await offer(renewed)).toBe(true);
    all[3] = renewed;
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  const ids = (as: AssignmentState[]) => as.map((a) => a.referralId);
  const newestFirst = (as: AssignmentState[]) => ids([...as].sort((a, b) => b.offeredAt.localeCompare(a.offeredAt)));

  it('lists a provider’s and a jurisdiction’s assignments newest first, with filters pushed down', async () => {
    const watch = watchQueries(connection, ['assignments']);
    for (const status of [undefined, 'offered' as const])
      for (const limit of [2, 100]) {
        for (const providerId of ['prov-a', 'prov-b'])
          expect(ids(await assignments.listFor({ kind: 'provider', providerId }, status, limit))).toEqual(
            newestFirst(all.filter((a) => a.providerId === providerId && (!status || a.status === status))).slice(
              0,
              limit,
            ),
          );
        for (const jurisdiction of ['34', '341702', '341702001', '341721'])
          expect(ids(await assignments.listFor({ kind: 'jurisdiction', jurisdiction }, status, limit))).toEqual(
            newestFirst(
              all.filter((a) => a.township.startsWith(jurisdiction) && (!status || a.status === status)),
            ).slice(0, limit),
          );
      }
    expect(await assignments.assignmentOf('ref-3')).toEqual(all[3]);
    expect(await watch.notPushedDown()).toEqual([]);
  });
});
