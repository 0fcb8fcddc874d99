import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import { neighbourSubsidy, type NeighbourYearSubsidy } from '../funding/neighbour-subsidy';
import type { StoredNeighbourVisit } from './counted-visit';

export interface NeighbourSubsidyDeps {
  neighbourVisits: { ofYear(within: string, year: number): Promise<StoredNeighbourVisit[]> };
  policies: Pick<PolicyPacks, 'get'>;
}

export interface NeighbourSubsidies {
  within: string;
  year: number;
  rule: {
    basis: string;
    perVisitFen?: number;
    yearlyCeilingFen?: number;
    yearlyFen?: number;
    minVisits?: number;
    paidFrom: string;
  };
  subsidies: NeighbourYearSubsidy[];
  totalFen: number;
  visits: number;
}

/**
 * The neighbours' yearly subsidies of a township or a county (邻里互助补贴, paid yearly by the township): the visits
 * the villages counted in the year, by the region pack's rule. Township staff see their township, county staff
 * their county or one township of it.
 */
export async function handleNeighbourSubsidies(
  query: { township?: string | undefined; county?: string | undefined; year: number },
  principal: StaffPrincipal,
  deps: NeighbourSubsidyDeps,
): Promise<NeighbourSubsidies> {
  const asked = query.township ?? query.county;
  if (query.township !== undefined && !/^\d{9}$/.test(query.township))
    throw DomainError.invalid('invalid_township', 'township is a 9-digit division code', '乡镇(街道)代码格式不正确');
  if (query.county !== undefined && !/^\d{6}$/.test(query.county))
    throw DomainError.invalid('invalid_county', 'county is a 6-digit division code', '请填写6位县(市、区)代码');
  let within = principal.jurisdiction;
  if (asked !== undefined && !principal.jurisdiction.startsWith(asked)) {
    assertCovers(principal, asked, principal.region);
    within = asked;
  }
  const rule = deps.policies.get(principal.region)?.neighbourHelp;
  if (!rule)
    throw DomainError.conflict(
      'no_neighbour_subsidy',
      `region ${principal.region} sets no neighbour-help subsidy`,
      '本地区未设定邻里互助补贴标准',
    );
  const visits = await deps.neighbourVisits.ofYear(within, query.year);
  const subsidies = neighbourSubsidy(visits, rule).filter((s) => s.year === query.year);
  const { source: _s, sources: _ss, ...ruleFigures } = rule;
  return {
    within,
    year: query.year,
    rule: ruleFigures,
    subsidies,
    totalFen: subsidies.reduce((sum, s) => sum + s.subsidyFen, 0),
    visits: subsidies.reduce((sum, s) => sum + s.visits, 0),
  };
}
