import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './connection';
import { backfillOnce, type Backfill } from './migrations';
import { WHOLE_ANSWER } from './whole-answer';

interface BucketDoc {
  _id: string;
  collection: string;
  month: string;
}

interface DayBucketDoc extends BucketDoc {
  day: string;
}

/** Buckets noted (or being noted) through a connection: one write per collection, month and process. */
const noted = new WeakMap<Connection, Map<string, Promise<void>>>();

/**
 * The months in which a collection has records: one small document per collection and month in
 * `month_buckets`. A newest-first listing (`newestFirst`) asks these buckets, newest first, and knows where to
 * stop. A record's month is noted before the record is written, so no record lies in a month not listed here.
 */
export class MonthBuckets {
  static readonly collection = 'month_buckets';
  /** One small document per collection and day with records, for collections that note days (`noteDay`). */
  static readonly dayCollection = 'day_buckets';

  constructor(
    private readonly connection: Connection,
    private readonly of: string,
  ) {}

  private get buckets() {
    return this.connection.collection<BucketDoc>(MonthBuckets.collection);
  }

  private get days() {
    return this.connection.collection<DayBucketDoc>(MonthBuckets.dayCollection);
  }

  async prepare(): Promise<void> {
    await this.buckets.createIndex({ collection: 1 });
  }

  /** Also for a collection that notes days: their index. */
  async prepareDays(): Promise<void> {
    await this.days.createIndex({ collection: 1, month: 1 });
  }

  /** Records that the collection has (or is about to have) a record in `month`. */
  async note(month: string): Promise<void> {
    let known = noted.get(this.connection);
    if (!known) {
      known = new Map();
      noted.set(this.connection, known);
    }
    const _id = `${this.of}:${month}`;
    let noting = known.get(_id);
    if (!noting) {
      noting = this.buckets.insertOne({ _id, collection: this.of, month }).then(
        () => undefined,
        (err: unknown) => {
          if (isDuplicateKeyError(err)) return;
          known.delete(_id);
          throw err;
        },
      );
      known.set(_id, noting);
    }
    return noting;
  }

  /**
   * Records that the collection has (or is about to have) a record on `day` ('2025-06-30', `dayOf`): its month,
   * then the day, one small document in `day_buckets` (inserted, never updated: concurrent notes cannot lose one),
   * once per collection, day and process. `daysOf` lists them for reading a month a day at a time
   * (`newestFirstByDay`).
   */
  async noteDay(day: string): Promise<void> {
    const month = day.slice(0, 7);
    await this.note(month);
    const known = noted.get(this.connection)!;
    const _id = `${this.of}:${day}`;
    let noting = known.get(_id);
    if (!noting) {
      noting = this.days.insertOne({ _id, collection: this.of, month, day }).then(
        () => undefined,
        (err: unknown) => {
          if (isDuplicateKeyError(err)) return;
          known.delete(_id);
          throw err;
        },
      );
      known.set(_id, noting);
    }
    return noting;
  }

  /**
   * Once per database, gives the collection's records written before its month field existed their query
   * fields (`fieldsOf`, the month field `missing` among them), noting each record's month on the way.
   */
  backfill<D, M extends string>(
    name: string,
    spec: Omit<Backfill<D>, 'collection' | 'missing' | 'fieldsOf'> & {
      missing: M;
      fieldsOf: (doc: D) => Record<M, string>;
    },
  ): Promise<number> {
    return backfillOnce<D & { _id: unknown }>(this.connection, name, {
      ...spec,
      collection: this.of,
      fieldsOf: async (doc) => {
        const fields = spec.fieldsOf(doc);
        await this.note(fields[spec.missing]);
        return fields;
      },
    });
  }

  /** The months with records, newest first; with `from`, only that month and later ones. */
  async months(from?: string): Promise<string[]> {
    const docs = await this.buckets
      .find({ collection: this.of }, { projection: { month: 1 }, ...WHOLE_ANSWER })
      .toArray();
    return docs
      .map((d) => d.month)
      .filter((m) => from === undefined || m >= from)
      .sort()
      .reverse();
  }

  /** The days of `month` on which the collection has records (those noted with `noteDay`), newest first. */
  async daysOf(month: string): Promise<string[]> {
    const docs = await this.days
      .find({ collection: this.of, month }, { projection: { day: 1 }, ...WHOLE_ANSWER })
      .toArray();
    return docs
      .map((d) => d.day)
      .sort()
      .reverse();
  }
}
