import fc from 'fast-check';
import { inJurisdiction, jurisdictionsOf, monthOf, newestFirst, withinJurisdiction } from '../src';

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** A place code and a jurisdiction code of one of the five lengths, often a prefix of the place. */
const placeAndJurisdiction = fc
  .tuple(digits(9, 12), fc.constantFrom(2, 4, 6, 9, 12), digits(12, 12), fc.boolean())
  .map(([place, length, other, nested]) => ({
    place,
    jurisdiction: nested ? place.padEnd(12, '0').slice(0, length) : other.slice(0, length),
  }));

describe('jurisdictions as an array of prefixes', () => {
  it('lists every administrative prefix of a code, itself included', () => {
    expect(jurisdictionsOf('341702001')).toEqual(['34', '3417', '341702', '341702001']);
    expect(jurisdictionsOf('341702001203')).toEqual(['34', '3417', '341702', '341702001', '341702001203']);
    expect(jurisdictionsOf('3417')).toEqual(['34', '3417']);
    expect(jurisdictionsOf('')).toEqual([]);
  });

  it('selects exactly the records the prefix regular expression selected (property)', () => {
    fc.assert(
      fc.property(placeAndJurisdiction, ({ place, jurisdiction }) => {
        const byRegex = new RegExp(withinJurisdiction('f', jurisdiction).f!.$regex).test(place);
        const byEquality = jurisdictionsOf(place).includes(inJurisdiction(jurisdiction).jurisdictions!);
        expect(byEquality).toBe(byRegex);
      }),
    );
  });

  it('is no condition for an empty code', () => {
    expect(inJurisdiction('')).toEqual({});
    expect(inJurisdiction('341702', 'where')).toEqual({ where: '341702' });
  });
});

describe('month buckets', () => {
  it('takes the month of an ISO time or a date', () => {
    expect(monthOf('2026-11-24T10:00:00.000Z')).toBe('2026-11');
    expect(monthOf(new Date('2026-01-31T23:59:59.999Z'))).toBe('2026-01');
  });

  it('a newest-first listing read a month at a time equals one sorted query with a limit (property)', async () => {
    const record = fc.record({
      id: fc.uuid(),
      at: fc.date({ min: new Date('2024-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 60 }), fc.integer({ min: 1, max: 70 }), async (records, limit) => {
        const asked: string[] = [];
        const months = [...new Set(records.map((r) => monthOf(r.at)))].sort().reverse();
        const byTime = (a: { at: Date }, b: { at: Date }) => b.at.getTime() - a.at.getTime();
        const listed = await newestFirst(months, limit, async (month, n) => {
          asked.push(month);
          return records
            .filter((r) => monthOf(r.at) === month)
            .sort(byTime)
            .slice(0, n);
        });
        const expected = [...records].sort(byTime).slice(0, limit);
        expect(listed.map((r) => r.at.getTime())).toEqual(expected.map((r) => r.at.getTime()));
        // It stops once it has enough: never more than 8 months past the one that completed the listing.
        if (expected.length === limit && limit <= records.length) {
          const lastNeeded = months.indexOf(monthOf(expected[expected.length - 1]!.at));
          expect(asked.length).toBeLessThanOrEqual(lastNeeded + 1 + 8);
        }
      }),
    );
  });

  it('asks nothing when there are no months', async () => {
    expect(await newestFirst([], 10, () => Promise.reject(new Error('asked')))).toEqual([]);
  });
});
