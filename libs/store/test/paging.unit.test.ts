import { countByMonth, newestFirstByDay, newestFirstPage, pageOf, TOTAL_CAP } from '../src/queries';

/** Records per month, newest first within each month: `${month}#${n}`. */
const stored: Record<string, string[]> = {
  '2026-11': ['2026-11#3', '2026-11#2', '2026-11#1'],
  '2026-10': [],
  '2026-09': ['2026-09#2', '2026-09#1'],
  '2026-08': ['2026-08#1'],
};
const months = Object.keys(stored);
const read = async (month: string, limit: number) => stored[month]!.slice(0, limit);
const all = months.flatMap((m) => stored[m]!);

describe('a newest-first listing, a page at a time', () => {
  it('gives each page as one sorted query with skip and limit would', async () => {
    for (const pageSize of [1, 2, 4, 10])
      for (let page = 1; page <= 7; page++)
        expect(await newestFirstPage(months, page, pageSize, read)).toEqual(
          all.slice((page - 1) * pageSize, page * pageSize),
        );
  });

  it('counts month by month, up to the cap', async () => {
    const asked: [string, number][] = [];
    const count = async (month: string, limit: number) => {
      asked.push([month, limit]);
      return Math.min(stored[month]!.length, limit);
    };
    expect(await countByMonth(months, count)).toEqual({ total: 6, totalCapped: false });
    // The newest month first, then two, then the rest; each asked for no more than the cap still allows.
    expect(asked).toEqual([
      ['2026-11', TOTAL_CAP + 1],
      ['2026-10', TOTAL_CAP + 1 - 3],
      ['2026-09', TOTAL_CAP + 1 - 3],
      ['2026-08', TOTAL_CAP + 1 - 5],
    ]);
    // Past the cap: the cap, marked as such, and no month counted beyond what the cap needs.
    const many = Array.from({ length: 20 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    const counted: string[] = [];
    const big = await countByMonth(many, async (month, limit) => {
      counted.push(month);
      return Math.min(Math.ceil(TOTAL_CAP * 0.3), limit); // 0.3, then 0.9, then 2.1 caps: past it
    });
    expect(big).toEqual({ total: TOTAL_CAP, totalCapped: true });
    expect(counted).toHaveLength(7);
  });

  it('pages records already read and sorted, with their count', () => {
    const sorted = Array.from({ length: 5 }, (_, i) => i);
    expect(pageOf(sorted, 2, 2)).toEqual({ items: [2, 3], page: 2, pageSize: 2, total: 5, totalCapped: false });
    expect(pageOf(sorted, 4, 2).items).toEqual([]);
    const over = pageOf(
      Array.from({ length: TOTAL_CAP + 5 }, (_, i) => i),
      1,
      3,
    );
    expect(over).toMatchObject({ total: TOTAL_CAP, totalCapped: true, items: [0, 1, 2] });
  });

  it('counts the newest months one at a time when asked to', async () => {
    const many = Array.from({ length: 8 }, (_, i) => `2025-${String(12 - i).padStart(2, '0')}`);
    /** For each month asked, how many counts had answered when it was asked: months asked at once share it. */
    const roundsOf = async (alone?: number) => {
      let answered = 0;
      const seen: number[] = [];
      const counted = await countByMonth(
        many,
        async () => {
          seen.push(answered);
          await new Promise((resolve) => setTimeout(resolve, 1));
          answered++;
          return 1;
        },
        alone,
      );
      expect(counted).toEqual({ total: 8, totalCapped: false });
      return seen;
    };
    expect(await roundsOf()).toEqual([0, 1, 1, 3, 3, 3, 3, 7]);
    expect(await roundsOf(2)).toEqual([0, 1, 2, 2, 4, 4, 4, 4]);
  });
});

describe('a newest-first listing read by month, and a dense month by day', () => {
  /** Records `${day}#${n}` with a time; a dense month has many a day, a sparse one a few in the month. */
  interface Rec {
    id: string;
    at: number;
  }
  const days = (month: string, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${month}-${String(from + i).padStart(2, '0')}`);
  const records: Rec[] = [];
  const add = (day: string, n: number) => {
    for (let i = 0; i < n; i++) records.push({ id: `${day}#${i}`, at: Date.parse(`${day}T00:00:00Z`) + i * 60_000 });
  };
  days('2026-11', 1, 2).forEach((d) => add(d, 3)); // this month, begun: 6
  days('2026-10', 1, 31).forEach((d) => add(d, 4)); // dense: 124
  add('2026-09-15', 1); // sparse months
  add('2026-08-02', 2);
  days('2026-07', 1, 20).forEach((d) => add(d, 2)); // dense, its days not noted (written before they were)
  add('2026-06-30', 1);
  const months = ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06', '2026-05'];
  const byTime = (a: Rec, b: Rec) => b.at - a.at;
  const expected = [...records].sort(byTime);
  const inMonth = (m: string) => records.filter((r) => r.id.startsWith(m));

  const reading = () => {
    const asked = { month: 0, monthSorted: 0, day: 0, decodedSorted: 0 };
    const read = {
      // In no particular order: oldest first.
      month: async (m: string, n: number) => {
        asked.month++;
        return [...inMonth(m)].reverse().slice(0, n);
      },
      monthNewestFirst: async (m: string, n: number) => {
        asked.monthSorted++;
        asked.decodedSorted += inMonth(m).length;
        return inMonth(m).sort(byTime).slice(0, n);
      },
      days: async (m: string) =>
        m === '2026-07' ? [] : [...new Set(inMonth(m).map((r) => r.id.slice(0, 10)))].sort().reverse(),
      day: async (d: string, n: number) => {
        asked.day++;
        const of = records.filter((r) => r.id.startsWith(d));
        asked.decodedSorted += of.length;
        return of.sort(byTime).slice(0, n);
      },
      newestFirst: byTime,
    };
    return { read, asked };
  };

  it('gives what one query sorted newest first with a limit gives', async () => {
    for (const limit of [1, 5, 6, 7, 20, 130, 131, 140, 200, 500]) {
      const { read } = reading();
      expect((await newestFirstByDay(months, limit, read)).map((r) => r.id)).toEqual(
        expected.slice(0, limit).map((r) => r.id),
      );
    }
  });

  it('sorts a few days of a dense month, not the month', async () => {
    const { read, asked } = reading();
    await newestFirstByDay(months, 20, read);
    // November whole (6, unsorted), October's last days (4 a day) for the other 14: four days, no month sorted.
    expect(asked.monthSorted).toBe(0);
    expect(asked.decodedSorted).toBeLessThanOrEqual(4 * 7);
  });

  it('sorts a dense month whole when its days were not noted', async () => {
    const { read, asked } = reading();
    const found = await newestFirstByDay(months, 140, read);
    expect(found.map((r) => r.id)).toEqual(expected.slice(0, 140).map((r) => r.id));
    expect(asked.monthSorted).toBe(1);
  });
});
