/**
 * The call records on the real MongoDB-wire server: the region's calls since a day, newest first, answer as
 * the range query they replaced did, from filters FerretDB pushes down to SQL; calls recorded before the
 * month field existed get it at start.
 */
import pino from 'pino';
import type { Connection } from 'mongoose';
import { connectMongo, FieldCipher } from '@carelink/store';
import { databaseUrl, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import { CallRecords } from '../src/data-access/call-records';
import type { CallState } from '../src/domain/call-flow';

function call(i: number, startedAt: string): CallState {
  return {
    callSid: `CA${i}`,
    region: i % 3 ? 'chizhou' : 'changji',
    from: '+8613812345678',
    language: 'zh',
    node: 'menu',
    seq: 1,
    attempts: 0,
    path: ['menu:1'],
    startedAt,
  } as CallState;
}

describe('call records (real MongoDB-wire server)', () => {
  let connection: Connection;
  let records: CallRecords;
  const all: CallState[] = [];

  beforeAll(async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${uniqueName('calls')}_ivr`);
    connection = await connectMongo(url, pino({ level: 'silent' }), 10, { monitorCommands: true });
    const start = Date.parse('2026-09-26T03:00:00.000Z');
    for (let i = 0; i < 21; i++) all.push(call(i, new Date(start + i * 4 * 86_400_000).toISOString()));
    // Calls recorded before the month field existed …
    await connection.collection('calls').insertMany(
      all.slice(0, 10).map(({ callSid, region, startedAt, path }) => ({
        _id: callSid,
        region,
        callerMasked: '138****5678',
        startedAt,
        updatedAt: startedAt,
        path,
      })) as never[],
    );
    records = new CallRecords(connection, new FieldCipher('11'.repeat(32), '11'.repeat(32)));
    await records.prepare();
    for (const c of all.slice(10)) await records.update(c, new Date(c.startedAt));
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it("lists the region's calls since a time, newest first, with filters pushed down", async () => {
    const watch = watchQueries(connection, ['calls']);
    for (const region of ['chizhou', 'changji'])
      for (const since of ['2020-01-01T00:00:00.000Z', '2026-10-20T16:00:00.000Z', '2026-12-01T00:00:00.000Z'])
        expect((await records.listSince(region, since)).map((c) => c.callSid)).toEqual(
          all
            .filter((c) => c.region === region && c.startedAt >= since)
            .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
            .map((c) => c.callSid),
        );
    const one = (await records.get('CA12'))!;
    expect(one).toMatchObject({ callSid: 'CA12', region: all[12]!.region, startedAt: all[12]!.startedAt });
    expect(one).not.toHaveProperty('startedMonth');
    expect(await watch.notPushedDown()).toEqual([]);
  });
});
