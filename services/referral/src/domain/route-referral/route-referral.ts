import type { GeoPoint, PolicyPack } from '@carelink/policy';
import { catalogueItemOf } from '@carelink/policy';
import type { ProviderContract, Route } from '../referral';

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

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
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

/**
 * Routes one approved item. A basic public service goes to its department, a charity referral or
 * institutional care to the organisation the pack names; a government-purchased service goes to a
 * contracted provider that covers the item and township, is in force today and has capacity left this
 * month, ranked on capacity left, current load, complaint score and distance, and the explanation says
 * why. Providers in `exclude` (already rejected or timed out) are skipped. Pure.
 */
export function routeItem(
  pack: PolicyPack,
  itemCode: string,
  township: string,
  today: string,
  candidates: CandidateLoad[],
  exclude: string[] = [],
): RoutingDecision {
  const item = catalogueItemOf(pack, itemCode);
  if (!item) return { route: undefined, explanation: `服务事项${itemCode}不在服务清单内，需人工处理` };
  if (item.delivery !== 'purchased') {
    const departmentName = pack.departments[item.department!]!;
    return {
      route: { kind: 'department', departmentCode: item.department! },
      explanation: `${item.name.zh}属于${RECEIVER_KIND[item.delivery]}，转介至${departmentName}`,
    };
  }
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
