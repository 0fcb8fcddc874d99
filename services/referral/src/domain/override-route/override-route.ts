import { AppError } from '@carelink/http';
import { catalogueItemOf, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import type { ProviderContract, ReferralRecord, ReferralStatus, Route } from '../referral';

/** OverrideRoute: a township case worker sends the referral to a receiver of their choice, saying why. */
export const overrideRouteCommand = z.object({
  route: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('provider'), contractId: z.string().min(1) }),
    z.object({ kind: z.literal('department'), departmentCode: z.string().min(1) }),
  ]),
  reason: z.string().trim().min(4, 'say why, in a sentence').max(500),
});
export type OverrideRoute = z.infer<typeof overrideRouteCommand>;

/** Before the receiver accepted, the township may change it (or route a referral nobody took). */
export const OVERRIDABLE: ReferralStatus[] = ['awaiting_consent', 'awaiting_provider', 'requested', 'received'];

export function overrideRoute(
  referral: ReferralRecord,
  command: OverrideRoute,
  pack: PolicyPack,
  contracts: ProviderContract[],
  today: string,
): { route: Route; explanation: string } {
  if (!OVERRIDABLE.includes(referral.status))
    throw AppError.conflict(
      'not_reroutable',
      `referral ${referral.referralId} is ${referral.status}; only a referral not yet accepted can be re-routed`,
      '该转介已被接收方接受或已结束，不能改派',
    );
  const item = catalogueItemOf(pack, referral.itemCode);
  if (command.route.kind === 'department') {
    const name = pack.departments[command.route.departmentCode];
    if (!name) throw AppError.badRequest('unknown_department', 'no such department in the region', '部门不存在');
    return {
      route: { kind: 'department', departmentCode: command.route.departmentCode },
      explanation: `乡镇(街道)指定转介至${name}：${command.reason}`,
    };
  }
  const contractId = command.route.contractId;
  const contract = contracts.find((c) => c.contractId === contractId);
  if (!contract || contract.region !== referral.region)
    throw AppError.badRequest('unknown_contract', 'no such contract in the region', '服务合同不存在');
  if (!contract.itemCodes.includes(referral.itemCode) || today < contract.validFrom || contract.validTo < today)
    throw AppError.badRequest(
      'contract_does_not_cover',
      `contract ${contract.contractId} does not cover ${referral.itemCode} today`,
      `该合同不包含${item?.name.zh ?? referral.itemCode}或不在有效期内`,
    );
  if (!contract.townships.includes(referral.township))
    throw AppError.badRequest(
      'contract_does_not_cover_township',
      `contract ${contract.contractId} does not cover township ${referral.township}`,
      '该合同的服务范围不包含服务对象所在乡镇(街道)',
    );
  return {
    route: { kind: 'provider', providerId: contract.providerId, contractId: contract.contractId },
    explanation: `乡镇(街道)指定${contract.providerName}：${command.reason}`,
  };
}
