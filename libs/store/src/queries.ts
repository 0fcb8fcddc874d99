/**
 * Query building blocks that stay fast on FerretDB v1 (see docs/QUERIES.md): FerretDB pushes down to SQL only
 * top-level equalities on scalars (and `$ne`); a regular expression, `$in`, a range, `$exists` or a dotted path
 * makes it read every row in Go, and a sort reads every matching row. So a query leads with equalities on
 * top-level fields, and a newest-first listing asks one month at a time.
 */

/** Projection that leaves a document's outbox out of what repositories return. */
export const withoutOutbox = { _outbox: 0, _outboxPending: 0, _version: 0 } as const;

/**
 * Filter for records whose jurisdiction code (at `field`) lies within `code`: administrative codes nest
 * by prefix (county 6, township 9, village 12 digits). Only digits reach the regular expression.
 *
 * Not pushed down on FerretDB (a full read of whatever the rest of the filter leaves): use it only next to an
 * equality that already bounds the read (a provider's month, a month's follow-ups), else `inJurisdiction`.
 */
export function withinJurisdiction(field: string, code: string): Record<string, { $regex: string }> {
  return { [field]: { $regex: `^${code.replace(/[^0-9]/g, '')}` } };
}

/** Lengths of administrative codes, outermost first: province 2, prefecture 4, county 6, township 9, village 12. */
const CODE_LENGTHS = [2, 4, 6, 9, 12] as const;

/**
 * Every jurisdiction a place lies within, itself included: the administrative prefixes of its code
 * ('341702001' → ['34', '3417', '341702', '341702001']). Stored with a record (as `jurisdictions`), it turns
 * "within the caller's jurisdiction" into an equality on an array field (`inJurisdiction`), which FerretDB
 * pushes down to an index, where a prefix regular expression reads the whole collection.
 */
export function jurisdictionsOf(code: string): string[] {
  const digits = code.replace(/[^0-9]/g, '');
  if (!digits) return [];
  return [...CODE_LENGTHS.filter((n) => n < digits.length).map((n) => digits.slice(0, n)), digits];
}

/**
 * Filter for records within jurisdiction `code`: their `jurisdictions` (written with `jurisdictionsOf`)
 * include it. The same records as `withinJurisdiction` on the code the prefixes were made from, for any
 * jurisdiction code (2, 4, 6, 9 or 12 digits). No condition for an empty code.
 */
export function inJurisdiction(code: string, field = 'jurisdictions'): Record<string, string> {
  const digits = code.replace(/[^0-9]/g, '');
  return digits ? { [field]: digits } : {};
}

/**
 * The month bucket of a time: the first seven characters of its ISO form ('2025-06'). Being a prefix, it keeps
 * the order: every record of a later bucket sorts after every record of an earlier one.
 */
export function monthOf(time: Date | string): string {
  return (typeof time === 'string' ? time : time.toISOString()).slice(0, 7);
}

/**
 * The day bucket of a time: the first ten characters of its ISO form ('2025-06-30', UTC like `monthOf`), which
 * begin with its month. A finer bucket for listings whose months hold hundreds of records (`newestFirstByDay`).
 */
export function dayOf(time: Date | string): string {
  return (typeof time === 'string' ? time : time.toISOString()).slice(0, 10);
}

/** At most this many month buckets are asked at once. */
const MAX_BUCKETS_AT_ONCE = 8;

/**
 * The buckets of a listing in the batches they are asked in, newest first: one bucket, then twice as many at once
 * each time, up to `atOnce` (1, then 2, 4, 8 months; 1, then 2, 4, 8, 16 days). The newest `alone` buckets (default
 * 1; the newest is always alone) are asked one at a time, the doubling starting after them. A reader takes batches
 * until it has enough: a listing its newest bucket fills asks only that bucket.
 */
function* wideningBatches<B>(buckets: readonly B[], atOnce: number, alone = 1): Generator<readonly B[]> {
  for (let next = 0, width = 1; next < buckets.length; width = next < alone ? 1 : Math.min(width * 2, atOnce)) {
    const batch = buckets.slice(next, next + width);
    next += batch.length;
    yield batch;
  }
}

/**
 * The newest `limit` records of `buckets` (newest first), read in widening batches of at most `atOnce` buckets:
 * `read(bucket, n)` returns at most `n` records of one bucket, newest first. Each bucket of a batch is asked for
 * all the records still wanted; they are kept in bucket order up to `limit`.
 */
async function newestFirstInBatches<B, T>(
  buckets: readonly B[],
  limit: number,
  atOnce: number,
  read: (bucket: B, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const found: T[] = [];
  for (const batch of wideningBatches(buckets, atOnce)) {
    if (found.length >= limit) break;
    const wanted = limit - found.length;
    const pages = await Promise.all(batch.map((bucket) => read(bucket, wanted)));
    for (const page of pages) found.push(...page.slice(0, limit - found.length));
  }
  return found;
}

/**
 * A newest-first listing read one month bucket at a time, newest bucket first, until `limit` records are
 * found. Each bucket is asked with an equality (pushed down and indexed on FerretDB), so a listing reads the
 * months it shows, not every record in scope. `months` are the buckets that may hold records, newest first
 * (`MonthBuckets.months`); `read(month, n)` returns at most `n` records of one bucket, newest first, in one batch
 * (its `find` passes `WHOLE_ANSWER`: up to 8 buckets are read at once, each up to the whole limit, often over 101).
 * Asks one bucket, then 2, 4, 8 at once. The result is the same as one query sorted newest first with `limit`.
 */
export async function newestFirst<T>(
  months: readonly string[],
  limit: number,
  read: (month: string, limit: number) => Promise<T[]>,
): Promise<T[]> {
  return newestFirstInBatches(months, limit, MAX_BUCKETS_AT_ONCE, read);
}

/** How `newestFirstByDay` reads a listing's buckets. */
export interface DayBucketReads<T> {
  /** At most `n` records of a month, in no particular order (unsorted: FerretDB stops reading at `n`). */
  month(month: string, n: number): Promise<T[]>;
  /** At most `n` records of a month, newest first. */
  monthNewestFirst(month: string, n: number): Promise<T[]>;
  /** The days of a month that may hold records, newest first (`MonthBuckets.daysOf`). */
  days(month: string): Promise<readonly string[]>;
  /** At most `n` records of a day, newest first. */
  day(day: string, n: number): Promise<T[]>;
  /** Orders records newest first (as the sorted reads do). */
  newestFirst(a: T, b: T): number;
}

/** At most this many day buckets are asked at once. */
const MAX_DAYS_AT_ONCE = 16;

/**
 * `newestFirst` for listings whose months hold more records than a page: on FerretDB a sorted read decodes and
 * sorts every record of its bucket in Go (120–150 ms for a township's month of 416 requests), an unsorted one with
 * a limit stops decoding at the limit. So each month (1, then 2, 4, 8 months at once, as `newestFirst`) is first
 * asked unsorted for one record more than still wanted: a month that answers no more than that has given all its
 * records, sorted here. A month that holds more holds the rest of the answer: it is read one noted day at a time,
 * newest first (1, then 2, 4, 8, 16 days at once), each day sorted (a few dozen records), or sorted whole when
 * its noted days hold fewer records than it has (days not noted: records written before days were). The result is
 * the same as one query sorted newest first with `limit`.
 */
export async function newestFirstByDay<T>(
  months: readonly string[],
  limit: number,
  read: DayBucketReads<T>,
): Promise<T[]> {
  // A month's noted days are read as `newestFirst` reads months, up to 16 days at once.
  const newestOfMonth = async (month: string, n: number): Promise<T[]> => {
    const rows = await newestFirstInBatches(await read.days(month), n, MAX_DAYS_AT_ONCE, (day, k) => read.day(day, k));
    return rows.length < n ? read.monthNewestFirst(month, n) : rows;
  };
  const found: T[] = [];
  for (const batch of wideningBatches(months, MAX_BUCKETS_AT_ONCE)) {
    if (found.length >= limit) break;
    const wanted = limit - found.length;
    const firsts = await Promise.all(batch.map((month) => read.month(month, wanted + 1)));
    for (const [i, first] of firsts.entries()) {
      const left = limit - found.length;
      if (left <= 0) break;
      found.push(
        ...(first.length <= wanted
          ? [...first].sort(read.newestFirst).slice(0, left)
          : await newestOfMonth(batch[i]!, left)),
      );
    }
  }
  return found;
}

/** One page of a listing: its records, where it starts, and how many records match in all (see `countUpTo`). */
export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageSize: number;
  /** How many records match, counted up to `TOTAL_CAP`. */
  total: number;
  /** True when more than `TOTAL_CAP` records match (`total` is then the cap): narrow the filter to count them. */
  totalCapped: boolean;
}

/**
 * The most records a listing counts. On FerretDB a count decodes every matching document in Go (about 0.1–0.2 ms
 * each on a small machine, more under load), so an unbounded count of a county's requests would take seconds, and
 * a count to 1,000 took twice as long as the page it counted for (bench/console-worklist.ts); past the cap a table
 * shows "200+" (ten pages of twenty) and a narrower filter counts exactly.
 */
export const TOTAL_CAP = 200;

/**
 * How many documents of `collection` match `filter`, at most `limit` (one `count` command: its filter is pushed
 * down as a `find`'s would be, and FerretDB stops reading at the limit; not `countDocuments`, an aggregation).
 */
export async function countUpTo(
  db: { command(command: Record<string, unknown>): Promise<Record<string, unknown>> },
  collection: string,
  filter: Record<string, unknown>,
  limit: number,
): Promise<number> {
  const answer = await db.command({ count: collection, query: filter, limit });
  return Number(answer.n ?? 0);
}

/**
 * The records of a month-bucketed listing counted month by month (each count an equality on its month, pushed
 * down), up to `TOTAL_CAP`: `count(month, limit)` counts at most `limit` records of one month. The newest
 * `alone` months (default 1) are counted one at a time: where a month holds hundreds of records, two months
 * counted at once each count up to the cap (on FerretDB every counted record is decoded), one after the other
 * only the first does.
 */
export async function countByMonth(
  months: readonly string[],
  count: (month: string, limit: number) => Promise<number>,
  alone = 1,
): Promise<Pick<Page<unknown>, 'total' | 'totalCapped'>> {
  let total = 0;
  // The batches `newestFirst` reads, the newest `alone` months one at a time: months past the cap are not counted.
  for (const batch of wideningBatches(months, MAX_BUCKETS_AT_ONCE, alone)) {
    const counts = await Promise.all(batch.map((month) => count(month, TOTAL_CAP + 1 - total)));
    total += counts.reduce((a, b) => a + b, 0);
    if (total > TOTAL_CAP) return { total: TOTAL_CAP, totalCapped: true };
  }
  return { total, totalCapped: false };
}

/**
 * Page `page` (1-based) of `pageSize` records of a newest-first listing read month by month (`newestFirst`): the
 * first `page × pageSize` records are read, the page is the last `pageSize` of them.
 */
export async function newestFirstPage<T>(
  months: readonly string[],
  page: number,
  pageSize: number,
  read: (month: string, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const skip = (page - 1) * pageSize;
  return (await newestFirst(months, skip + pageSize, read)).slice(skip);
}

/** Page `page` (1-based) of `pageSize` of records already read and sorted, with their exact count. */
export function pageOf<T>(sorted: readonly T[], page: number, pageSize: number): Page<T> {
  const skip = (page - 1) * pageSize;
  return {
    items: sorted.slice(skip, skip + pageSize),
    page,
    pageSize,
    total: Math.min(sorted.length, TOTAL_CAP),
    totalCapped: sorted.length > TOTAL_CAP,
  };
}
