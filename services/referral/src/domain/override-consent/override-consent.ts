import { AppError } from '@carelink/http';
import { z } from 'zod';
import type { ReferralRecord, ReferralStatus, SharingBasis } from '../referral';

/** OverrideConsent: the township records why a referral must go ahead without the applicant's consent. */
export const overrideConsentCommand = z.object({
  reason: z.string().trim().min(4, 'say why, in a sentence').max(500),
});
export type OverrideConsent = z.infer<typeof overrideConsentCommand>;

export function overrideConsent(
  referral: ReferralRecord,
  command: OverrideConsent,
  by: string,
): { status: ReferralStatus; sharingBasis: SharingBasis } {
  if (referral.status !== 'awaiting_consent')
    throw AppError.conflict(
      'not_awaiting_consent',
      `referral ${referral.referralId} is ${referral.status}, not waiting for consent`,
      '该转介无需补录同意或已处理',
    );
  return {
    status: referral.route ? 'requested' : 'awaiting_provider',
    sharingBasis: { basis: 'override', reason: command.reason, by },
  };
}
