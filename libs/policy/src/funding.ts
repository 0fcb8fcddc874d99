import { fen, jurisdictionCode, targetGroup } from '@carelink/contracts';
import { z } from 'zod';
import { PERSON_KINDS } from './delivery-modes';
import type { CatalogueItem, PolicyPack } from './policy-pack';
import { ruleSource } from './provenance';

/**
 * Money as data (资金来源, 资金结算, 监督管理): the funding sources of a region and what each may pay for, the
 * yearly budgets and the pooled assistance funds of each county, the cap on purchased assistance services, the
 * order in which sources pay a statement line and the neighbour-help subsidy. Settlement's pure functions
 * (services/settlement/src/domain/funding) read these; shares are
 * integer basis points (1 % = 100) and amounts integer fen, so no rule here is a float.
 */

const localized = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a code is lower-case letters, digits or _');
/** A share in basis points: 1 % = 100, 100 % = 10000. */
export const basisPoints = z
  .number()
  .int('a share is whole basis points (1 % = 100)')
  .min(0)
  .max(10_000, 'a share is at most 10000 basis points (100 %)');

/**
 * What a funding source is, as finance books it:
 * `assistance_fund` a line of the pooled social-assistance funds (社会救助资金: 特困供养、临时救助、工作经费、
 * 困难群众救助补助资金); `sector_fund` another department's service funds integrated for the reform (养老、残疾人、
 * 未成年人保护 …); `fiscal` general budget money (州本级财政资金、县市财政配套); `lottery` 彩票公益金; `charity`
 * charity and donated money (慈善救助资金、社会捐赠资金); `dibao_top_up` the part of a 低保 family's allowance above
 * the local standard, drawn per family and month with the family's consent (no county budget).
 */
export const fundingSourceKind = z.enum([
  'assistance_fund',
  'sector_fund',
  'fiscal',
  'lottery',
  'charity',
  'dibao_top_up',
]);
export type FundingSourceKind = z.infer<typeof fundingSourceKind>;

/**
 * The statement lines a source may pay: each list given must take the line in (its item's code, its item's
 * category, the delivery mode it went by, a status or a kind of the person served); none given = any line.
 */
export const fundedLines = z
  .object({
    items: z.array(z.string()).min(1).optional(),
    categories: z.array(z.string()).min(1).optional(),
    modes: z.array(code).min(1).optional(),
    groups: z.array(targetGroup).min(1).optional(),
    /** A region condition (重度残疾人 …) or `elder` / `minor`. */
    who: z.array(z.string()).min(1).optional(),
  })
  .strict();
export type FundedLines = z.infer<typeof fundedLines>;

export const fundingSource = z
  .object({
    code,
    name: localized,
    kind: fundingSourceKind,
    /** Money drawn from it for purchased services counts toward the purchased-services cap. */
    countsTowardCap: z.boolean(),
    pays: fundedLines.default({}),
    /** The plan clause naming the source. */
    source: ruleSource,
    /** Where what it pays for and whether it counts toward the cap come from, when not the same clause. */
    sources: z.object({ pays: ruleSource.optional(), countsTowardCap: ruleSource.optional() }).strict().default({}),
  })
  .strict();
export type FundingSource = z.infer<typeof fundingSource>;

/** One county's money for one budget year: its pooled assistance funds (the cap's base) and each source's budget. */
export const countyFundingYear = z
  .object({
    county: jurisdictionCode,
    year: z.number().int().min(2000).max(2100),
    /** 当地统筹安排(筹集)的社会救助资金总额: the base the purchased-services cap is a share of. */
    pooledAssistanceFundsFen: fen,
    /** Budget of each source (not the 低保 top-up, which is the families'), in fen. */
    budgets: z.record(code, fen),
    /** DEMO amounts for a demo county, not a published budget. */
    demo: z.boolean(),
    source: ruleSource,
  })
  .strict();
export type CountyFundingYear = z.infer<typeof countyFundingYear>;

export const funding = z
  .object({
    /** The cap on government-purchased assistance services, a share of the pooled assistance funds. */
    purchasedServicesCap: z.object({ basisPoints, source: ruleSource }).strict(),
    sources: z.array(fundingSource).min(1),
    /** The order in which sources pay a line: the first that may pay it and has money left pays, then the next. */
    allocation: z.object({ order: z.array(code).min(1), source: ruleSource }).strict(),
    countyYears: z.array(countyFundingYear).default([]),
  })
  .strict();
export type Funding = z.infer<typeof funding>;

/**
 * The subsidy of a trained neighbour (邻里互助), computed yearly from the visits the village counted: so much per
 * visit, up to a yearly ceiling (`per_visit`), or a flat yearly amount from a number of visits (`per_year`);
 * `paidFrom` names the funding source that pays it.
 */
export const neighbourHelpSubsidy = z.discriminatedUnion('basis', [
  z
    .object({
      basis: z.literal('per_visit'),
      perVisitFen: fen,
      yearlyCeilingFen: fen.optional(),
      paidFrom: code,
      source: ruleSource,
      sources: z.object({ amount: ruleSource, paidFrom: ruleSource }).strict(),
    })
    .strict(),
  z
    .object({
      basis: z.literal('per_year'),
      yearlyFen: fen,
      minVisits: z.number().int().positive(),
      paidFrom: code,
      source: ruleSource,
      sources: z.object({ amount: ruleSource, paidFrom: ruleSource }).strict(),
    })
    .strict(),
]);
export type NeighbourHelpSubsidy = z.infer<typeof neighbourHelpSubsidy>;

type Issue = (path: (string | number)[], message: string) => void;

/** The pack's cross-checks of its money rules (called from the pack's superRefine). */
export function checkFunding(
  pack: Pick<PolicyPack, 'catalogue' | 'targetGroups' | 'conditions' | 'deliveryModes' | 'jurisdictions'> & {
    funding: Funding;
    neighbourHelp?: NeighbourHelpSubsidy;
  },
  issue: Issue,
): void {
  const { funding: f } = pack;
  const items = new Set(pack.catalogue.map((i) => i.code));
  const categories = new Set(pack.catalogue.map((i) => i.category));
  const modes = new Set(pack.deliveryModes.map((m) => m.code));
  const groups = new Set<string>(pack.targetGroups.map((g) => g.code));
  const who = new Set<string>([...pack.conditions.map((c) => c.code), ...Object.keys(PERSON_KINDS)]);
  const sources = new Map<string, FundingSource>();
  f.sources.forEach((s, i) => {
    const at = ['funding', 'sources', i];
    if (sources.has(s.code)) issue([...at, 'code'], `duplicate funding source ${s.code}`);
    sources.set(s.code, s);
    const known = (list: string[] | undefined, set: Set<string>, key: string, what: string) =>
      list?.forEach((v, j) => {
        if (!set.has(v)) issue([...at, 'pays', key, j], `${v} is not ${what} of this region`);
      });
    known(s.pays.items, items, 'items', 'an item in the catalogue');
    known(s.pays.categories, categories, 'categories', 'a category of the catalogue');
    known(s.pays.modes, modes, 'modes', 'a delivery mode');
    known(s.pays.groups, groups, 'groups', 'a target group');
    known(s.pays.who, who, 'who', 'a condition (or elder / minor)');
  });
  if (f.sources.filter((s) => s.kind === 'dibao_top_up').length > 1)
    issue(['funding', 'sources'], 'a region has at most one 低保 top-up source');
  const ordered = new Set<string>();
  f.allocation.order.forEach((c, i) => {
    if (!sources.has(c)) issue(['funding', 'allocation', 'order', i], `${c} is not a funding source of this region`);
    if (ordered.has(c)) issue(['funding', 'allocation', 'order', i], `${c} is listed twice`);
    ordered.add(c);
  });
  f.sources.forEach((s, i) => {
    if (!ordered.has(s.code))
      issue(['funding', 'sources', i, 'code'], `${s.code} is not in funding.allocation.order, so it would never pay`);
  });
  const counties = new Set(pack.jurisdictions.map((c) => c.code));
  const years = new Set<string>();
  f.countyYears.forEach((y, i) => {
    const at = ['funding', 'countyYears', i];
    if (!counties.has(y.county)) issue([...at, 'county'], `${y.county} is not a county of this region`);
    const key = `${y.county}/${y.year}`;
    if (years.has(key)) issue([...at, 'year'], `county ${y.county} has year ${y.year} twice`);
    years.add(key);
    for (const c of Object.keys(y.budgets)) {
      const s = sources.get(c);
      if (!s) issue([...at, 'budgets', c], `${c} is not a funding source of this region`);
      else if (s.kind === 'dibao_top_up')
        issue(
          [...at, 'budgets', c],
          'the 低保 top-up is the families’ money, drawn per family: it has no county budget',
        );
    }
  });
  if (pack.neighbourHelp && !sources.has(pack.neighbourHelp.paidFrom))
    issue(['neighbourHelp', 'paidFrom'], `${pack.neighbourHelp.paidFrom} is not a funding source of this region`);
}

/** The person a line's visit served, as funding rules see them: statuses held, and conditions / elder / minor. */
export interface FundedPerson {
  groups: readonly string[];
  who: readonly string[];
}

/** Whether a source may pay for a visit of this item, delivered by this mode, to this person. */
export function sourcePays(
  source: Pick<FundingSource, 'pays'>,
  item: Pick<CatalogueItem, 'code' | 'category'>,
  mode: string | undefined,
  person: FundedPerson,
): boolean {
  const { items, categories, modes, groups, who } = source.pays;
  if (items && !items.includes(item.code)) return false;
  if (categories && !categories.includes(item.category)) return false;
  if (modes && !(mode !== undefined && modes.includes(mode))) return false;
  if (groups && !groups.some((g) => person.groups.includes(g))) return false;
  if (who && !who.some((w) => person.who.includes(w))) return false;
  return true;
}

/** A county's money for a budget year, if the pack has it. */
export function countyFundingYearOf(
  pack: { funding: Funding },
  county: string,
  year: number,
): CountyFundingYear | undefined {
  return pack.funding.countyYears.find((y) => y.county === county && y.year === year);
}
