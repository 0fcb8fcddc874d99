/**
 * The query building blocks on the real MongoDB-wire server: month buckets, one-time backfills, files looked
 * up by name and id, the inbox's lookup; and, on FerretDB, that the filters they make are pushed down to SQL.
 */
import pino from 'pino';
import type { Connection } from 'mongoose';
import { databaseUrl, testServers } from '@carelink/test-servers';
import {
  backfillOnce,
  connectMongo,
  dropIndexesIfPresent,
  FileBucket,
  inJurisdiction,
  jurisdictionsOf,
  MongoInbox,
  MonthBuckets,
  monthOf,
  once,
  withinJurisdiction,
} from '../src';

const logger = pino({ level: 'silent' });

describe('query building blocks on the real MongoDB-wire server', () => {
  let connection: Connection;
  const db = `store_layout_${Date.now()}`;

  beforeAll(async () => {
    connection = await connectMongo(databaseUrl((await testServers()).mongoUrl, db), logger);
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  /** FerretDB says in `explain` whether the filter went to SQL; MongoDB has no such field (always indexed). */
  const pushedDown = async (collection: string, filter: object): Promise<boolean | undefined> => {
    const plan = (await connection.collection(collection).find(filter).explain()) as { filterPushdown?: boolean };
    return plan.filterPushdown;
  };

  it('pushes down the equality on jurisdictions and month, not the regular expression it replaces', async () => {
    const records = connection.collection('records');
    await records.insertMany([
      { _id: 'a' as never, township: '341702001', jurisdictions: jurisdictionsOf('341702001'), month: '2026-10' },
      { _id: 'b' as never, township: '341702002', jurisdictions: jurisdictionsOf('341702002'), month: '2026-11' },
      { _id: 'c' as never, township: '652301001', jurisdictions: jurisdictionsOf('652301001'), month: '2026-11' },
    ]);
    const ids = async (filter: object) =>
      (await records.find(filter).toArray()).map((d) => d._id as unknown as string).sort();
    expect(await ids(inJurisdiction('341702'))).toEqual(['a', 'b']);
    expect(await ids({ ...inJurisdiction('341702'), month: '2026-11' })).toEqual(['b']);
    expect(await ids(inJurisdiction('341702001'))).toEqual(['a']);
    expect(await ids(inJurisdiction('65'))).toEqual(['c']);
    expect(await ids(withinJurisdiction('township', '341702'))).toEqual(['a', 'b']);

    const plan = await pushedDown('records', { ...inJurisdiction('341702'), month: '2026-11' });
    if (plan !== undefined) {
      expect(plan).toBe(true);
      expect(await pushedDown('records', withinJurisdiction('township', '341702'))).toBe(false);
      expect(await pushedDown('records', { 'address.township': '341702001' })).toBe(false);
      expect(await pushedDown('records', { month: { $in: ['2026-11'] } })).toBe(false);
    }
  });

  it('lists the months a collection has records in, newest first, noting each once', async () => {
    const months = new MonthBuckets(connection, 'things');
    await months.prepare();
    expect(await months.months()).toEqual([]);
    await Promise.all(['2026-09', '2026-11', '2026-10', '2026-11'].map((m) => months.note(m)));
    await new MonthBuckets(connection, 'other').note('2020-01');
    expect(await months.months()).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(await months.months('2026-10')).toEqual(['2026-11', '2026-10']);
    expect(await new MonthBuckets(connection, 'things').months()).toEqual(['2026-11', '2026-10', '2026-09']);
  });

  it('backfills the documents that lack a field once per database, in batches', async () => {
    const old = connection.collection('old_things');
    await old.insertMany(
      Array.from({ length: 150 }, (_, i) => ({
        _id: `t${i}` as never,
        at: `2026-${String((i % 12) + 1).padStart(2, '0')}-15T00:00:00.000Z`,
      })),
    );
    await old.insertOne({ _id: 'new' as never, at: '2026-01-01T00:00:00.000Z', month: 'kept' });
    const months = new MonthBuckets(connection, 'old_things');
    const spec = {
      collection: 'old_things',
      missing: 'month',
      projection: { at: 1 } as Record<string, 1>,
      batchSize: 16,
      fieldsOf: async (d: { _id: string; at: string }) => {
        await months.note(monthOf(d.at));
        return { month: monthOf(d.at) };
      },
    };
    expect(await backfillOnce(connection, 'old_things: month', spec)).toBe(150);
    expect(await old.countDocuments({ month: { $exists: false } })).toBe(0);
    expect((await old.findOne({ _id: 't13' as never }))?.month).toBe('2026-02');
    expect((await old.findOne({ _id: 'new' as never }))?.month).toBe('kept');
    expect(await months.months()).toHaveLength(12);
    // Done once: a later start only reads the mark, even when documents lack the field again.
    await old.insertOne({ _id: 'later' as never, at: '2026-03-01T00:00:00.000Z' });
    expect(await backfillOnce(connection, 'old_things: month', spec)).toBe(0);
    expect(await once(connection, 'old_things: month', () => Promise.reject(new Error('ran again')))).toBe(false);
  });

  it('drops the indexes a newer set replaced, and only those present', async () => {
    const c = connection.collection('indexed');
    await c.createIndex({ township: 1 });
    await c.createIndex({ jurisdictions: 1, month: 1 });
    await dropIndexesIfPresent(connection, 'indexed', ['township_1', 'gone_1']);
    await dropIndexesIfPresent(connection, 'never_made', ['township_1']);
    expect((await c.indexes()).map((i) => i.name).sort()).toEqual(['_id_', 'jurisdictions_1_month_1']);
  });

  it('finds files by name and tells which ids are missing, one lookup each', async () => {
    const files = new FileBucket<{ caseId: string; kind: string }>(connection, 'files');
    const a = await files.put('case-1/id_card', Buffer.from('a'), { caseId: 'case-1', kind: 'id_card' });
    const b = await files.put('case-1/voice_note', Buffer.from('b'), { caseId: 'case-1', kind: 'voice_note' });
    await files.put('case-2/id_card', Buffer.from('c'), { caseId: 'case-2', kind: 'id_card' });
    const named = await files.named(['case-1/id_card', 'case-1/voice_note', 'case-1/photo', 'case-1/id_card']);
    expect(named.map((f) => f.id)).toEqual([a.id, b.id]);
    expect(named.map((f) => f.metadata.kind)).toEqual(['id_card', 'voice_note']);
    expect((await files.find({ caseId: 'case-1' })).map((f) => f.id)).toEqual([a.id, b.id]);
    const absent = '0123456789abcdef01234567';
    expect(await files.missing([a.id, absent, 'not-an-id', b.id])).toEqual([absent, 'not-an-id']);
    expect(await files.missing([])).toEqual([]);
  });

  it('remembers handled events by id', async () => {
    const inbox = new MongoInbox(connection, 'inbox_test');
    expect(await inbox.seen('g', 'e1')).toBe(false);
    await inbox.remember('g', 'e1', 't');
    await inbox.remember('g', 'e1', 't');
    expect(await inbox.seen('g', 'e1')).toBe(true);
    expect(await inbox.seen('other', 'e1')).toBe(false);
  });
});
