import type { StaffPrincipal } from '@carelink/auth';
import { freeText, DomainError, type Decision } from '@carelink/contracts';
import { catalogueItemOf, chinaDate, chinaMonth, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import {
  assertWithinJurisdiction,
  attemptOf,
  packOf,
  referralNotFound,
  type ProviderContract,
  type ReferralContext,
  type ReferralRecord,
  type ReferralStatus,
  type Route,
} from '../referral';
import { reroutedEvent } from '../referral-events';
import { sendToReceiver } from '../route-referral/send-to-receiver';

/** OverrideRoute: a township case worker sends the referral to a receiver of their choice, saying why. */
export const overrideRouteCommand = z.object({
  route: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('provider'), contractId: z.string().min(1) }),
    z.object({ kind: z.literal('department'), departmentCode: z.string().min(1) }),
  ]),
  reason: freeText().trim().min(4, 'say why, in a sentence').max(500),
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
    throw DomainError.conflict(
      'not_reroutable',
      `referral ${referral.referralId} is ${referral.status}; only a referral not yet accepted can be re-routed`,
      '该转介已被接收方接受或已结束，不能改派',
    );
  const item = catalogueItemOf(pack, referral.itemCode);
  if (command.route.kind === 'department') {
    const code = command.route.departmentCode;
    const name = pack.departments[code];
    // Or a receiver the pack lists (a party branch, a village team, neighbours, an institution), served through
    // the same inbox; a charity gets people only on the county's monthly list.
    const listed = name ? undefined : pack.receivers.find((r) => r.code === code && r.kind !== 'charity');
    if (!name && !listed)
      throw DomainError.invalid(
        'unknown_department',
        'no such department or receiver in the region',
        '部门或接收单位不存在',
      );
    return {
      route: listed
        ? { kind: 'department', departmentCode: code, receiverKind: listed.kind }
        : { kind: 'department', departmentCode: code },
      explanation: `乡镇(街道)指定转介至${name ?? listed!.name}：${command.reason}`,
    };
  }
  const contractId = command.route.contractId;
  const contract = contracts.find((c) => c.contractId === contractId);
  if (!contract || contract.region !== referral.region)
    throw DomainError.invalid('unknown_contract', 'no such contract in the region', '服务合同不存在');
  if (!contract.itemCodes.includes(referral.itemCode) || today < contract.validFrom || contract.validTo < today)
    throw DomainError.invalid(
      'contract_does_not_cover',
      `contract ${contract.contractId} does not cover ${referral.itemCode} today`,
      `该合同不包含${item?.name.zh ?? referral.itemCode}或不在有效期内`,
    );
  if (!contract.townships.includes(referral.township))
    throw DomainError.invalid(
      'contract_does_not_cover_township',
      `contract ${contract.contractId} does not cover township ${referral.township}`,
      '该合同的服务范围不包含服务对象所在乡镇(街道)',
    );
  return {
    route: { kind: 'provider', providerId: contract.providerId, contractId: contract.contractId },
    explanation: `乡镇(街道)指定${contract.providerName}：${command.reason}`,
  };
}

/**
 * The township's choice of receiver, recorded: a referral held for consent only changes its route (nothing
 * is sent until consent or a consent override); any other is sent to the chosen receiver as its next routing
 * attempt, counting against this month's capacity. Only within the caller's jurisdiction. Pure.
 */
export function decideRouteOverride(
  current: ReferralRecord | undefined,
  { command, principal }: { command: OverrideRoute; principal: StaffPrincipal },
  contracts: ProviderContract[],
  ctx: ReferralContext,
): Decision<ReferralRecord, ReferralRecord> {
  if (!current) throw referralNotFound();
  assertWithinJurisdiction(principal, current.township, current.region);
  const decision = overrideRoute(current, command, packOf(ctx, current.region), contracts, chinaDate(ctx.now));
  const { reason } = command;
  const attempt = attemptOf(current);
  const entry = { from: current.status, by: principal.sub, at: ctx.now.toISOString(), reason };
  if (current.status === 'awaiting_consent') {
    const rerouted: ReferralRecord = {
      ...current,
      route: decision.route,
      explanation: decision.explanation,
      history: [...(current.history ?? []), { ...entry, to: 'awaiting_consent', attempt }],
    };
    return { state: rerouted, result: rerouted };
  }
  const next = { route: decision.route, attempt: attempt + 1 };
  return sendToReceiver(
    current,
    {
      ...next,
      sharingBasis: current.sharingBasis!,
      explanation: decision.explanation,
      month: chinaMonth(ctx.now),
      eventsBefore: [
        reroutedEvent(current, { from: current.status, to: 'requested', by: principal.sub, at: ctx.now, reason }, next),
      ],
      history: [{ ...entry, to: 'requested', attempt: next.attempt }],
    },
    ctx,
  );
}
