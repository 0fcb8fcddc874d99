import { ContractRegistered, DomainError, draft, topics, type Decision } from '@carelink/contracts';
import { catalogueItemOf, placeOf, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import type { ProviderContract } from '../referral';

/** RegisterContract: the county records a purchase-of-service contract with a provider (政府购买服务). */
export const registerContractCommand = z.object({
  providerId: z.string().regex(/^[a-z0-9-]{3,40}$/, 'lower-case letters, digits and -'),
  providerName: z.string().trim().min(2).max(100),
  region: z.string().min(1),
  itemCodes: z.array(z.string()).min(1),
  townships: z.array(z.string().regex(/^\d{9}$/)).min(1),
  monthlyCapacity: z.number().int().positive(),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  validTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type RegisterContract = z.infer<typeof registerContractCommand>;

export function validateContract(
  command: RegisterContract,
  pack: PolicyPack | undefined,
  inJurisdiction: (code: string) => boolean,
): void {
  if (!pack) throw DomainError.invalid('unknown_region', `region ${command.region} has no policy pack`, '地区不存在');
  if (command.validTo < command.validFrom)
    throw DomainError.invalid('invalid_period', 'validTo is before validFrom', '合同截止日期早于起始日期');
  const notPurchased = command.itemCodes.filter((c) => catalogueItemOf(pack, c)?.delivery !== 'purchased');
  if (notPurchased.length)
    throw DomainError.invalid(
      'not_purchasable',
      `not government-purchased items of ${pack.name.en}: ${notPurchased.join(', ')}`,
      '合同只能包含政府购买服务事项',
    );
  const unknown = command.townships.filter((t) => !placeOf(pack, t));
  if (unknown.length)
    throw DomainError.invalid(
      'unknown_place',
      `townships not in ${pack.name.en}: ${unknown.join(', ')}`,
      '乡镇(街道)不在本地区',
    );
  const outside = command.townships.filter((t) => !inJurisdiction(t));
  if (outside.length)
    throw DomainError.forbidden(
      'outside_jurisdiction',
      `townships outside your jurisdiction: ${outside.join(', ')}`,
      '乡镇(街道)不在您的管辖范围内',
    );
}

/** Whether a contract is in force on a day (YYYY-MM-DD), not yet, or no longer. */
export function contractState(
  c: Pick<ProviderContract, 'validFrom' | 'validTo'>,
  today: string,
): 'in_force' | 'upcoming' | 'expired' {
  if (today < c.validFrom) return 'upcoming';
  if (today > c.validTo) return 'expired';
  return 'in_force';
}

/** A contract as referral keeps it: as registered, by whom and when. */
export type RegisteredContract = ProviderContract & { createdBy: string; registeredAt: string };

/** contract.registered.v1 of a contract: what it says about the provider, no personal data. */
export function contractRegisteredDraft(c: Omit<RegisteredContract, 'createdBy'>) {
  return draft(topics.contracts, ContractRegistered, {
    key: c.providerId,
    data: {
      contractId: c.contractId,
      region: c.region,
      providerId: c.providerId,
      providerName: c.providerName,
      itemCodes: c.itemCodes,
      townships: c.townships,
      monthlyCapacity: c.monthlyCapacity,
      validFrom: c.validFrom,
      validTo: c.validTo,
      registeredAt: c.registeredAt,
    },
  });
}

/**
 * RegisterContract, once validated: the contract is kept and announced (contract.registered.v1, so that the
 * services that show providers by name learn it). A contract is registered once: its id is new.
 */
export function registerContract(
  current: RegisteredContract | undefined,
  command: { contract: RegisterContract; contractId: string; registeredBy: string },
  ctx: { now: Date },
): Decision<RegisteredContract, ProviderContract> {
  if (current) throw DomainError.conflict('contract_exists', `contract ${command.contractId} exists`, '合同已登记');
  const contract: ProviderContract = { contractId: command.contractId, ...command.contract };
  const registeredAt = ctx.now.toISOString();
  return {
    state: { ...contract, createdBy: command.registeredBy, registeredAt },
    events: [contractRegisteredDraft({ ...contract, registeredAt })],
    result: contract,
  };
}
