import type { NeighbourState } from './neighbour';
import type { NeighbourVisitState } from './record-neighbour-visit';

/** One row of the village's yearly count: a neighbour and their recorded visits that year. */
export interface NeighbourVisitCount {
  neighbourId: string;
  name: string;
  village: string;
  year: string;
  visits: number;
  /** Distinct people helped that year. */
  people: number;
  /** Visits per month (`YYYY-MM` → count), for the village's record. */
  byMonth: Record<string, number>;
}

/**
 * The village's count of help visits per neighbour in `year` (what the township checks before paying the yearly
 * subsidy, 补贴由乡镇审核按年发放): every neighbour listed, those without visits at 0; by village, then most visits.
 */
export function countVisitsByNeighbour(
  neighbours: Pick<NeighbourState, 'neighbourId' | 'name' | 'village'>[],
  visits: Pick<NeighbourVisitState, 'neighbourId' | 'date' | 'pairingId'>[],
  year: string,
): NeighbourVisitCount[] {
  const rows = new Map<string, NeighbourVisitCount & { helped: Set<string> }>(
    neighbours.map((n) => [
      n.neighbourId,
      {
        neighbourId: n.neighbourId,
        name: n.name,
        village: n.village,
        year,
        visits: 0,
        people: 0,
        byMonth: {},
        helped: new Set(),
      },
    ]),
  );
  for (const v of visits) {
    const row = rows.get(v.neighbourId);
    if (!row || !v.date.startsWith(`${year}-`)) continue;
    row.visits += 1;
    row.helped.add(v.pairingId);
    const month = v.date.slice(0, 7);
    row.byMonth[month] = (row.byMonth[month] ?? 0) + 1;
  }
  return [...rows.values()]
    .map(({ helped, ...row }) => ({ ...row, people: helped.size }))
    .sort((a, b) => a.village.localeCompare(b.village) || b.visits - a.visits || a.name.localeCompare(b.name, 'zh'));
}
