import type { NeighbourHelpSubsidy } from '@carelink/policy';

/**
 * The yearly subsidy of trained neighbours (Chizhou 000 三(六)6: 由村(社区)记录服务次数…给予一定的帮扶补贴,补贴由
 * 乡镇(街道)审核按年发放): per neighbour, year and paying township, from the visits the village counted
 * (`neighbour-visit.recorded.v1`), by the pack's rule. Called by the township's yearly subsidy run with the year's
 * counted visits of its villages; the result is what the township reviews and pays from `paidFrom`.
 */
export interface CountedNeighbourVisit {
  visitId: string;
  neighbourId: string;
  township: string;
  village: string;
  /** The China date of the visit (YYYY-MM-DD). */
  date: string;
}

export interface NeighbourYearSubsidy {
  neighbourId: string;
  year: number;
  /** The township that reviews and pays it. */
  township: string;
  /** Distinct visits counted (a visit recorded twice counts once). */
  visits: number;
  /** What the visits earn before the ceiling (per_visit), or the flat amount if reached (per_year). */
  earnedFen: number;
  subsidyFen: number;
  /** The yearly ceiling cut the subsidy (per_visit). */
  capped: boolean;
  paidFrom: string;
}

export function neighbourSubsidy(
  visits: readonly CountedNeighbourVisit[],
  rule: NeighbourHelpSubsidy,
): NeighbourYearSubsidy[] {
  const groups = new Map<string, { neighbourId: string; year: number; township: string; visitIds: Set<string> }>();
  for (const v of visits) {
    const year = Number(v.date.slice(0, 4));
    const key = `${v.neighbourId}\u0000${year}\u0000${v.township}`;
    const group = groups.get(key) ?? { neighbourId: v.neighbourId, year, township: v.township, visitIds: new Set() };
    group.visitIds.add(v.visitId);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ neighbourId, year, township, visitIds }) => {
      const count = visitIds.size;
      let earnedFen: number;
      let subsidyFen: number;
      if (rule.basis === 'per_visit') {
        earnedFen = count * rule.perVisitFen;
        subsidyFen = rule.yearlyCeilingFen === undefined ? earnedFen : Math.min(earnedFen, rule.yearlyCeilingFen);
      } else {
        earnedFen = count >= rule.minVisits ? rule.yearlyFen : 0;
        subsidyFen = earnedFen;
      }
      return {
        neighbourId,
        year,
        township,
        visits: count,
        earnedFen,
        subsidyFen,
        capped: subsidyFen < earnedFen,
        paidFrom: rule.paidFrom,
      };
    })
    .sort((a, b) => {
      const x = `${a.year}|${a.township}|${a.neighbourId}`;
      const y = `${b.year}|${b.township}|${b.neighbourId}`;
      return x < y ? -1 : x > y ? 1 : 0;
    });
}
