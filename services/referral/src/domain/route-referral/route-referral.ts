import type { PolicyPack } from '@carelink/policy';
import { catalogueItemOf } from '@carelink/policy';
import type { ProviderContract, Route } from '../referral';

export interface CandidateLoad {
  contract: ProviderContract;
  /** Referrals already made under this contract this month. */
  referralsThisMonth: number;
}

export type RoutingDecision = { route: Route; explanation: string } | { route: undefined; explanation: string };

/**
 * Routes one approved item: a basic public service goes to its department; a government-purchased
 * service goes to the contracted provider that covers the item and township, is in force today, and
 * has capacity left — the least loaded one first. Pure.
 */
export function routeItem(
  pack: PolicyPack,
  itemCode: string,
  township: string,
  today: string,
  candidates: CandidateLoad[],
): RoutingDecision {
  const item = catalogueItemOf(pack, itemCode);
  if (!item) return { route: undefined, explanation: `服务事项${itemCode}不在服务清单内，需人工处理` };
  if (item.delivery === 'department') {
    const departmentName = pack.departments[item.department!]!;
    return {
      route: { kind: 'department', departmentCode: item.department! },
      explanation: `${item.name.zh}属于${departmentName}部门基本公共服务，转介至${departmentName}`,
    };
  }
  const eligible = candidates.filter(
    ({ contract: c }) =>
      c.region === pack.region &&
      c.itemCodes.includes(itemCode) &&
      c.townships.includes(township) &&
      c.validFrom <= today &&
      today <= c.validTo,
  );
  if (eligible.length === 0)
    return { route: undefined, explanation: `${item.name.zh}在本乡镇(街道)暂无签约服务机构，待乡镇(街道)指定` };
  const withRoom = eligible.filter((c) => c.referralsThisMonth < c.contract.monthlyCapacity);
  if (withRoom.length === 0)
    return { route: undefined, explanation: `${item.name.zh}的签约服务机构本月服务量已满，待乡镇(街道)指定` };
  const ranked = [...withRoom].sort(
    (a, b) =>
      a.referralsThisMonth / a.contract.monthlyCapacity - b.referralsThisMonth / b.contract.monthlyCapacity ||
      a.contract.providerName.localeCompare(b.contract.providerName, 'zh'),
  );
  const chosen = ranked[0]!;
  const left = chosen.contract.monthlyCapacity - chosen.referralsThisMonth;
  return {
    route: { kind: 'provider', providerId: chosen.contract.providerId, contractId: chosen.contract.contractId },
    explanation: `${item.name.zh}为政府购买服务；${chosen.contract.providerName}签约覆盖本乡镇(街道)，本月尚余${left}个服务名额${ranked.length > 1 ? `，在${ranked.length}家可选机构中负荷最低` : ''}`,
  };
}
