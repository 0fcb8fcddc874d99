import { countByMonth, newestFirstPage, pageOf, TOTAL_CAP } from '../src/queries';

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
});
