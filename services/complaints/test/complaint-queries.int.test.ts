/**
 * The complaint queries on the real MongoDB-wire server: the listing of a jurisdiction (newest first) and the
 * monthly statistics' range answer as the prefix queries they replaced did, from filters FerretDB pushes down
 * to SQL; a complaint escalated to the county moves with its scope; complaints stored before the query fields
 * existed get them at start.
 */
import pino from 'pino';
import type { Connection } from 'mongoose';
import { CommitPort, connectMongo } from '@carelink/store';
import { databaseUrl, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import { complaintMapping, ComplaintRepository } from '../src/data-access/complaint-repository';
import type { Complaint, ComplaintChannel, ComplaintStatus } from '../src/domain/complaint';

const SCOPES = ['341702001', '341702002', '341721001', '3417'];
const STATUSES: ComplaintStatus[] = ['received', 'acknowledged', 'resolved'];
const CHANNELS: ComplaintChannel[] = ['hotline', 'ivr'];

function complaint(i: number, receivedAt: string): Complaint {
  const scope = SCOPES[i % SCOPES.length]!;
  return {
    complaintId: `c-${i}`,
    complaintNumber: `TS-${i}`,
    region: 'chizhou',
    kind: 'complaint',
    about: 'provider',
    ...(scope.length === 9 ? { caseId: `case-${i % 3}`, township: scope } : {}),
    scope,
    type: 'service_quality',
    channel: CHANNELS[i % CHANNELS.length]!,
    summary: '服务迟到',
    attachmentIds: [],
    anonymous: true,
    status: STATUSES[i % STATUSES.length]!,
    acknowledgeBy: receivedAt,
    resolveBy: receivedAt,
    round: 1,
    escalated: false,
    history: [],
    receivedAt,
    receivedBy: 'operator',
    updatedAt: receivedAt,
  } as Complaint;
}

describe('complaint queries (real MongoDB-wire server)', () => {
  let connection: Connection;
  let complaints: ComplaintRepository;
  const all: Complaint[] = [];

  beforeAll(async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${uniqueName('complq')}_complaints`);
    connection = await connectMongo(url, pino({ level: 'silent' }), 10, { monitorCommands: true });
    const start = Date.parse('2026-04-28T20:00:00.000Z');
    for (let i = 0; i < 26; i++) all.push(complaint(i, new Date(start + i * 3 * 86_400_000).toISOString()));
    // Complaints stored before the query fields existed …
    await connection
      .collection('complaints')
      .insertMany(all.slice(0, 13).map(({ complaintId, ...rest }) => ({ _id: complaintId, ...rest })) as never[]);
    complaints = new ComplaintRepository(connection);
    await complaints.prepare();
    // … and complaints received through the commit port (as ReceiveComplaint does: the month noted first).
    const commits = new CommitPort({ connection, source: '/carelink/complaints' });
    for (const c of all.slice(13)) {
      await complaints.noteReceived(new Date(c.receivedAt));
      await commits.commit(complaintMapping, c.complaintId, () => ({ state: c }));
    }
    // One escalated to the county: its scope (and where it is listed) moves.
    all[1] = await commits.commit(complaintMapping, 'c-1', (current) => {
      const escalated = { ...current!, scope: '341702', escalated: true };
      return { state: escalated, result: escalated };
    });
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  const ids = (cs: Complaint[]) => cs.map((c) => c.complaintId);
  const newestFirst = (cs: Complaint[]) => ids([...cs].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)));

  it('lists a jurisdiction newest first and reads a month for statistics, with filters pushed down', async () => {
    const watch = watchQueries(connection, ['complaints']);
    const filters = [{}, { caseId: 'case-1' }, { status: 'resolved' as const }, { channel: 'ivr' as const, limit: 2 }];
    for (const jurisdiction of ['34', '3417', '341702', '341702001', '341721'])
      for (const filter of filters)
        expect(ids(await complaints.listWithin(jurisdiction, filter))).toEqual(
          newestFirst(
            all.filter(
              (c) =>
                c.scope.startsWith(jurisdiction) &&
                (!filter.caseId || c.caseId === filter.caseId) &&
                (!('status' in filter) || c.status === filter.status) &&
                (!('channel' in filter) || c.channel === filter.channel),
            ),
          ).slice(0, filter.limit ?? 500),
        );
    // Statistics: June 2026 in China time.
    const from = '2026-05-31T16:00:00.000Z';
    const to = '2026-06-30T16:00:00.000Z';
    for (const jurisdiction of ['3417', '341702'])
      expect(ids(await complaints.receivedBetween(jurisdiction, from, to)).sort()).toEqual(
        ids(all.filter((c) => c.scope.startsWith(jurisdiction) && c.receivedAt >= from && c.receivedAt < to)).sort(),
      );
    expect(await complaints.get('c-1')).toEqual(all[1]);
    expect(await complaints.getByNumber('TS-20')).toEqual(all[20]);
    expect(await watch.notPushedDown()).toEqual([]);
  });
});
