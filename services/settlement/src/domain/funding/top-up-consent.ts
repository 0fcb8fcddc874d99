import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError, type Decision, type UseCaseContext } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import type { FamilyTopUp } from './allocate-line';

/**
 * A 低保 family's consent to pay its members' services from the part of its allowance above the local standard
 * (Changji 001 四(五): 在尊重低保对象意愿的前提下). The township records it per family (the case: its case number),
 * with the monthly amount and the day it holds from; a withdrawal ends it on a day. Only where the region's pack
 * has a `dibao_top_up` source (Chizhou has none). Stored per case; each change kept in its history.
 */
export interface StoredTopUpConsent extends FamilyTopUp {
  /** The case the family's consent was given for (= familyId). */
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  consent: { from: string; until?: string; recordedBy: string };
  history: {
    action: 'recorded' | 'withdrawn';
    by: string;
    at: string;
    monthlyFen: number;
    from: string;
    until?: string;
  }[];
}

export interface RecordTopUpConsent {
  caseId: string;
  caseNumber: string;
  township: string;
  monthlyFen: number;
  /** The China date the consent holds from. */
  from: string;
}

/** The region's 低保 top-up source, or a refusal naming why the region has none. */
export function assertRegionHasTopUp(pack: Pick<PolicyPack, 'funding' | 'region'>): void {
  if (!pack.funding.sources.some((s) => s.kind === 'dibao_top_up'))
    throw DomainError.unprocessable(
      'no_dibao_top_up',
      `region ${pack.region} has no 低保 top-up funding source`,
      '本地区没有“低保金增发部分”资金来源，无需登记家庭同意',
    );
}

/** Records (or renews) a family's consent and monthly amount. */
export function recordTopUpConsent(
  current: StoredTopUpConsent | undefined,
  command: RecordTopUpConsent,
  pack: Pick<PolicyPack, 'funding' | 'region'>,
  principal: StaffPrincipal,
  ctx: UseCaseContext,
): Decision<StoredTopUpConsent, StoredTopUpConsent> {
  assertCovers(principal, command.township, pack.region);
  assertRegionHasTopUp(pack);
  if (current && current.township !== command.township)
    throw DomainError.conflict(
      'case_in_other_township',
      `the family's consent is recorded by township ${current.township}`,
      `该家庭的同意已由其他乡镇（${current.township}）登记`,
    );
  if (command.monthlyFen <= 0)
    throw DomainError.invalid('invalid_amount', 'monthlyFen is above 0', '每月可用于服务的金额须大于0');
  const at = ctx.now.toISOString();
  const state: StoredTopUpConsent = {
    familyId: command.caseId,
    caseId: command.caseId,
    caseNumber: command.caseNumber,
    region: pack.region,
    township: command.township,
    monthlyFen: command.monthlyFen,
    consent: { from: command.from, recordedBy: principal.sub },
    history: [
      ...(current?.history ?? []),
      { action: 'recorded', by: principal.sub, at, monthlyFen: command.monthlyFen, from: command.from },
    ],
  };
  return { state, result: state };
}

/** The family withdraws its consent: no service on or after `until` (China date) draws its top-up. */
export function withdrawTopUpConsent(
  current: StoredTopUpConsent | undefined,
  until: string,
  principal: StaffPrincipal,
  ctx: UseCaseContext,
): Decision<StoredTopUpConsent, StoredTopUpConsent> {
  if (!current) throw DomainError.notFound("the family's top-up consent", '该家庭登记的同意');
  assertCovers(principal, current.township, current.region);
  if (current.consent.until !== undefined)
    throw DomainError.conflict(
      'consent_withdrawn',
      `the consent was withdrawn from ${current.consent.until}`,
      `该家庭已于${current.consent.until}撤回同意`,
    );
  if (until < current.consent.from)
    throw DomainError.invalid(
      'withdrawal_before_consent',
      `the withdrawal (${until}) is before the consent (${current.consent.from})`,
      `撤回日期（${until}）早于同意日期（${current.consent.from}）`,
    );
  const state: StoredTopUpConsent = {
    ...current,
    consent: { ...current.consent, until },
    history: [
      ...current.history,
      {
        action: 'withdrawn',
        by: principal.sub,
        at: ctx.now.toISOString(),
        monthlyFen: current.monthlyFen,
        from: current.consent.from,
        until,
      },
    ],
  };
  return { state, result: state };
}
