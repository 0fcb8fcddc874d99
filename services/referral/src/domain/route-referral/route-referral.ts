import type { PersonCircumstances } from '@carelink/contracts';
import type { CatalogueItem, DeliveryMode, GeoPoint, PolicyPack } from '@carelink/policy';
import { catalogueItemOf, chooseDeliveryMode, greatCircleMeters, receiverKindNamesZh, receiversServing } from '@carelink/policy';
import type { ProviderContract, ReferralMode, Route } from '../referral';

export interface CandidateLoad {
  contract: ProviderContract;
  /** Referrals already made under this contract this month. */
  referralsThisMonth: number;
  /** The provider's referrals not yet completed (current load). */
  openReferrals?: number;
  /** The complaints service's latest score of the provider, 0–100; undefined when none was published. */
  complaintScore?: number;
}

export type RoutingDecision = { route: Route; explanation: string } | { route: undefined; explanation: string };

/** Weights of the provider ranking (sum 1): capacity left, current load, complaint score, distance. */
export const RANKING_WEIGHTS = { capacity: 0.3, load: 0.2, score: 0.35, distance: 0.15 } as const;
/** Beyond this distance a provider gets no distance credit. */
const FAR_KM = 30;

/** Great-circle distance in kilometres. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  return greatCircleMeters(a, b) / 1000;
}

function townshipLocation(pack: PolicyPack, township: string): GeoPoint | undefined {
  for (const c of pack.jurisdictions) {
    const t = c.townships.find((x) => x.code === township);
    if (t) return t.location;
  }
  return undefined;
}

const RECEIVER_KIND: Record<string, string> = {
  department: '部门基本公共服务',
  charity: '慈善转介',
  institution: '机构供养(敬老院/福利院/医疗机构)',
};

/** What mode-first routing knows of the person: their circumstances, village, and the institutions' loads. */
export interface PersonRouting {
  /** As the decision found them; absent on decisions made before they were recorded. */
  circumstances?: PersonCircumstances;
  village?: string;
  /** Referrals still open at each institution (by receiver code), counted against its places. */
  institutionLoads?: ReadonlyMap<string, number>;
}

export type ModeRoutingDecision = RoutingDecision & { mode?: ReferralMode };

/**
 * Routes one approved item. Where the region's pack lists delivery modes and the person is known (`person`),
 * the mode comes first: the first mode that delivers the item and whose conditions hold for the person (see
 * chooseDeliveryMode), then that mode's receiver — a contracted provider ranked as below, the item's (or the
 * mode's) department, the nearest institution with a free place that takes the person, or the party branch,
 * red-vest team, neighbour roster or charity of the person's village (else township, county, region); the
 * explanation says why each earlier mode did not apply, and which receiver. Without modes, or when re-routing a
 * provider's referral (no `person`), by the item's delivery: a basic public service to its department, a charity
 * or institution item to the organisation the pack names, a purchased service to a contracted provider that
 * covers the item and township, is in force today and has capacity left this month, ranked on capacity left,
 * current load, complaint score and distance. Providers in `exclude` (already rejected or timed out) are skipped.
 * Pure.
 */
export function routeItem(
  pack: PolicyPack,
  itemCode: string,
  township: string,
  today: string,
  candidates: CandidateLoad[],
  exclude: string[] = [],
  person?: PersonRouting,
): ModeRoutingDecision {
  const item = catalogueItemOf(pack, itemCode);
  if (!item) return { route: undefined, explanation: `服务事项${itemCode}不在服务清单内，需人工处理` };
  if (person && pack.deliveryModes.length > 0) return routeByMode(pack, item, township, today, candidates, person);
  if (item.delivery !== 'purchased') {
    const departmentName = pack.departments[item.department!]!;
    return {
      route: { kind: 'department', departmentCode: item.department! },
      explanation: `${item.name.zh}属于${RECEIVER_KIND[item.delivery]}，转介至${departmentName}`,
    };
  }
  return rankProviders(pack, item, township, today, candidates, exclude);
}

function routeByMode(
  pack: PolicyPack,
  item: CatalogueItem,
  township: string,
  today: string,
  candidates: CandidateLoad[],
  person: PersonRouting,
): ModeRoutingDecision {
  const choice = chooseDeliveryMode(pack, item, person.circumstances);
  if (!choice.mode) return { route: undefined, explanation: choice.explanation };
  const m = choice.mode;
  const mode: ReferralMode = {
    code: m.code,
    name: m.name.zh,
    handover: m.handover,
    ...(m.handover === 'monthly_list' ? { category: listedAs(pack, m, person.circumstances) } : {}),
  };
  const then = (d: RoutingDecision): ModeRoutingDecision => ({
    ...d,
    mode,
    explanation: `${choice.explanation}；${d.explanation}`,
  });
  const kind = m.receiver.kind;
  if (kind === 'provider') {
    if (item.delivery !== 'purchased')
      return then({ route: undefined, explanation: `${item.name.zh}不是政府购买服务，待乡镇(街道)指定` });
    return then(rankProviders(pack, item, township, today, candidates, []));
  }
  if (kind === 'department') {
    const code = m.receiver.department ?? item.department;
    if (!code || !(code in pack.departments))
      return then({ route: undefined, explanation: `${item.name.zh}未指定承接部门，待乡镇(街道)指定` });
    return then({
      route: { kind: 'department', departmentCode: code },
      explanation: `转介至${pack.departments[code]}`,
    });
  }
  const place = { township, ...(person.village ? { village: person.village } : {}) };
  const serving = receiversServing(pack, kind, place);
  const where = person.village ? '本村(社区)、本乡镇(街道)及本县(区)' : '本乡镇(街道)及本县(区)（未登记所在村(社区)）';
  if (kind === 'institution') {
    const takes = serving.filter((r) => !r.accepts || r.accepts.some((g) => person.circumstances?.groups.includes(g)));
    const full: string[] = [];
    for (const r of takes) {
      const open = person.institutionLoads?.get(r.code) ?? 0;
      if (open < (r.capacity ?? 0))
        return then({
          route: { kind: 'department', departmentCode: r.code, receiverKind: 'institution' },
          explanation:
            (full.length ? `${full.join('，')}；` : '') +
            `转介至${r.name}（床位${r.capacity}张，在办${open}件，尚余${r.capacity! - open}张）`,
        });
      full.push(`${r.name}床位已满（${open}/${r.capacity}）`);
    }
    return then({
      route: undefined,
      explanation: takes.length
        ? `${full.join('，')}，${where}暂无空余床位，待乡镇(街道)指定`
        : `${where}暂无接收此类对象的供养机构，待乡镇(街道)指定`,
    });
  }
  const chosen = serving[0];
  if (!chosen)
    return then({ route: undefined, explanation: `${where}暂无${receiverKindNamesZh[kind]}，待乡镇(街道)指定` });
  const level =
    chosen.area?.length === 12
      ? '村(社区)'
      : chosen.area?.length === 9
        ? '乡镇(街道)'
        : chosen.area
          ? '县(区)'
          : '全市';
  const how =
    m.handover === 'monthly_list'
      ? '，列入县级民政部门本月转介名单，移交后由其确定服务内容'
      : m.handover === 'pairing'
        ? '，结对帮扶'
        : '';
  return then({
    route: { kind: 'department', departmentCode: chosen.code, receiverKind: kind },
    explanation: `转介至${chosen.name}（${level}）${how}`,
  });
}

/** What a charity's list says the person is (老年人、孤儿 …): the kinds of the mode's conditions the person is. */
function listedAs(pack: PolicyPack, mode: DeliveryMode, person: PersonCircumstances | undefined): string | undefined {
  if (!person) return undefined;
  const names: string[] = [];
  for (const c of [mode.conditions, ...mode.orConditions]) {
    for (const w of c.who?.anyOf ?? []) {
      const is =
        w === 'elder' ? person.age >= pack.elderAge : w === 'minor' ? person.age < 18 : person.conditions.includes(w);
      const name =
        w === 'elder' ? '老年人' : w === 'minor' ? '未成年人' : pack.conditions.find((x) => x.code === w)?.name;
      if (is && name) names.push(name);
    }
    for (const g of c.groups?.anyOf ?? [])
      if (person.groups.includes(g)) names.push(pack.targetGroups.find((x) => x.code === g)?.name ?? g);
  }
  return names.length ? [...new Set(names)].join('、') : undefined;
}

function rankProviders(
  pack: PolicyPack,
  item: CatalogueItem,
  township: string,
  today: string,
  candidates: CandidateLoad[],
  exclude: string[],
): RoutingDecision {
  const itemCode = item.code;
  const eligible = candidates.filter(
    ({ contract: c }) =>
      c.region === pack.region &&
      c.itemCodes.includes(itemCode) &&
      c.townships.includes(township) &&
      c.validFrom <= today &&
      today <= c.validTo &&
      !exclude.includes(c.providerId),
  );
  const tried = exclude.length ? `（已排除先前拒绝或超时未答复的${exclude.length}家机构）` : '';
  if (eligible.length === 0)
    return {
      route: undefined,
      explanation: `${item.name.zh}在本乡镇(街道)暂无${exclude.length ? '其他' : ''}签约服务机构${tried}，待乡镇(街道)指定`,
    };
  const withRoom = eligible.filter((c) => c.referralsThisMonth < c.contract.monthlyCapacity);
  if (withRoom.length === 0)
    return { route: undefined, explanation: `${item.name.zh}的签约服务机构本月服务量已满${tried}，待乡镇(街道)指定` };
  const home = townshipLocation(pack, township);
  const maxOpen = Math.max(1, ...withRoom.map((c) => c.openReferrals ?? 0));
  const ranked = withRoom
    .map((c) => {
      const left = c.contract.monthlyCapacity - c.referralsThisMonth;
      const km = home && c.contract.location ? distanceKm(home, c.contract.location) : undefined;
      const parts = {
        capacity: left / c.contract.monthlyCapacity,
        load: 1 - (c.openReferrals ?? 0) / maxOpen,
        // Without a published score the provider counts as neither good nor bad.
        score: (c.complaintScore ?? 80) / 100,
        distance: km === undefined ? 0.5 : Math.max(0, 1 - km / FAR_KM),
      };
      const total = (Object.keys(parts) as (keyof typeof parts)[]).reduce(
        (sum, k) => sum + RANKING_WEIGHTS[k] * parts[k],
        0,
      );
      return { c, left, km, total };
    })
    .sort((a, b) => b.total - a.total || a.c.contract.providerId.localeCompare(b.c.contract.providerId));
  const chosen = ranked[0]!;
  const facts = [
    `本月尚余${chosen.left}个服务名额`,
    `在办转介${chosen.c.openReferrals ?? 0}件`,
    chosen.c.complaintScore === undefined ? '暂无投诉评分(按80分计)' : `投诉评分${chosen.c.complaintScore}分`,
    chosen.km === undefined ? '未登记位置，未考虑距离' : `距乡镇(街道)约${chosen.km.toFixed(1)}公里`,
  ];
  return {
    route: { kind: 'provider', providerId: chosen.c.contract.providerId, contractId: chosen.c.contract.contractId },
    explanation:
      `${item.name.zh}为政府购买服务；${chosen.c.contract.providerName}签约覆盖本乡镇(街道)，${facts.join('，')}` +
      (ranked.length > 1
        ? `；综合名额、负荷、评分、距离在${ranked.length}家可选机构中排名第一（综合分${chosen.total.toFixed(2)}）`
        : '') +
      tried,
  };
}
