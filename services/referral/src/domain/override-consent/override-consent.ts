import type { StaffPrincipal } from '@carelink/auth';
import { freeText, DomainError, type Decision } from '@carelink/contracts';
import { z } from 'zod';
import {
  assertWithinJurisdiction,
  attemptOf,
  referralNotFound,
  type ReferralContext,
  type ReferralRecord,
  type ReferralStatus,
  type SharingBasis,
} from '../referral';
import { sendToReceiver } from '../route-referral/send-to-receiver';

/** OverrideConsent: the township records why a referral must go ahead without the applicant's consent. */
export const overrideConsentCommand = z.object({
  reason: freeText().trim().min(4, 'say why, in a sentence').max(500),
});
export type OverrideConsent = z.infer<typeof overrideConsentCommand>;

export function overrideConsent(
  referral: ReferralRecord,
  command: OverrideConsent,
  by: string,
): { status: ReferralStatus; sharingBasis: SharingBasis } {
  if (referral.status !== 'awaiting_consent')
    throw DomainError.conflict(
      'not_awaiting_consent',
      `referral ${referral.referralId} is ${referral.status}, not waiting for consent`,
      '该转介无需补录同意或已处理',
    );
  // A charity gets its list with the consent of each person on it (慈善救济): nobody goes on it without.
  if (referral.mode?.handover === 'monthly_list')
    throw DomainError.conflict(
      'charity_list_needs_consent',
      `referral ${referral.referralId} goes on a charity's monthly list, which holds only people who consented`,
      '慈善救济名单只列入本人同意共享信息的对象，不能以乡镇(街道)决定代替同意',
    );
  return {
    status: referral.route ? 'requested' : 'awaiting_provider',
    sharingBasis: { basis: 'override', reason: command.reason, by },
  };
}

/**
 * The township's consent override, recorded: with a receiver chosen the referral is sent now; without one
 * it waits for the township to route it. Only within the caller's jurisdiction. Pure.
 */
export function decideConsentOverride(
  current: ReferralRecord | undefined,
  { command, principal }: { command: OverrideConsent; principal: StaffPrincipal },
  ctx: ReferralContext,
): Decision<ReferralRecord, ReferralRecord> {
  if (!current) throw referralNotFound();
  assertWithinJurisdiction(principal, current.township, current.region);
  const change = overrideConsent(current, command, principal.sub);
  const entry = {
    from: 'awaiting_consent' as const,
    to: change.status,
    attempt: attemptOf(current),
    by: principal.sub,
    at: ctx.now.toISOString(),
    reason: command.reason,
  };
  if (current.route)
    return sendToReceiver(
      current,
      {
        route: current.route,
        attempt: attemptOf(current),
        sharingBasis: change.sharingBasis,
        explanation: current.explanation,
        eventsBefore: [],
        history: [entry],
        set: { sharingBasis: change.sharingBasis },
      },
      ctx,
    );
  const waiting: ReferralRecord = { ...current, ...change, history: [...(current.history ?? []), entry] };
  return { state: waiting, result: waiting };
}
