/**
 * 000 三(六)6: 由村(社区)记录服务次数…给予一定的帮扶补贴,补贴由乡镇(街道)审核按年发放 — the yearly subsidy of each
 * trained neighbour, from the visits the village counted, by the pack's rule.
 */
import { loadPolicyPacks, type NeighbourHelpSubsidy } from '@carelink/policy';
import { neighbourSubsidy, type CountedNeighbourVisit } from '../src/domain/funding/neighbour-subsidy';

const rule = loadPolicyPacks().get('chizhou')!.neighbourHelp!;

const visits = (neighbourId: string, count: number, year = 2026, township = '341702001'): CountedNeighbourVisit[] =>
  Array.from({ length: count }, (_, i) => ({
    visitId: `${neighbourId}-${year}-${township}-${i}`,
    neighbourId,
    township,
    village: `${township}201`,
    date: `${year}-${String((i % 12) + 1).padStart(2, '0')}-15`,
  }));

describe('000 三(六)6: the neighbour-help subsidy, yearly per neighbour', () => {
  it('Chizhou: ¥20 per counted visit (DEMO), paid from 其他服务类救助经费', () => {
    expect(neighbourSubsidy(visits('n-1', 7), rule)).toEqual([
      {
        neighbourId: 'n-1',
        year: 2026,
        township: '341702001',
        visits: 7,
        earnedFen: 14_000,
        subsidyFen: 14_000,
        capped: false,
        paidFrom: 'other_service_funds',
      },
    ]);
  });

  it('up to the yearly ceiling (¥2,400: 120 visits), no more', () => {
    expect(neighbourSubsidy(visits('n-1', 120), rule)[0]).toMatchObject({ subsidyFen: 240_000, capped: false });
    expect(neighbourSubsidy(visits('n-1', 121), rule)[0]).toMatchObject({
      visits: 121,
      earnedFen: 242_000,
      subsidyFen: 240_000,
      capped: true,
    });
  });

  it('each year, each neighbour and each paying township on its own; a visit recorded twice counts once', () => {
    const twice = visits('n-2', 3);
    const result = neighbourSubsidy(
      [...visits('n-1', 2, 2027), ...twice, twice[0]!, ...visits('n-1', 1), ...visits('n-1', 4, 2026, '341702002')],
      rule,
    );
    expect(result.map((r) => [r.year, r.township, r.neighbourId, r.visits, r.subsidyFen])).toEqual([
      [2026, '341702001', 'n-1', 1, 2000],
      [2026, '341702001', 'n-2', 3, 6000],
      [2026, '341702002', 'n-1', 4, 8000],
      [2027, '341702001', 'n-1', 2, 4000],
    ]);
  });

  it('a per-year rule pays its flat amount from the minimum number of visits, else nothing', () => {
    const yearly: NeighbourHelpSubsidy = {
      basis: 'per_year',
      yearlyFen: 100_000,
      minVisits: 12,
      paidFrom: 'other_service_funds',
      source: '000 三(六)6',
      sources: { amount: 'local: test', paidFrom: 'local: test' },
    };
    expect(neighbourSubsidy(visits('n-1', 11), yearly)[0]).toMatchObject({ visits: 11, subsidyFen: 0 });
    expect(neighbourSubsidy(visits('n-1', 12), yearly)[0]).toMatchObject({ visits: 12, subsidyFen: 100_000 });
    expect(neighbourSubsidy(visits('n-1', 40), yearly)[0]).toMatchObject({ subsidyFen: 100_000, capped: false });
  });

  it('no visits, no subsidy lines', () => {
    expect(neighbourSubsidy([], rule)).toEqual([]);
  });
});
