import { draft, ReferralCreated, topics, type EventDraft } from '@carelink/contracts';
import { attemptOf, receiverSharingBasis, type ReferralRecord, type Route, type SharingBasis } from '../referral';

/** The ReferralCreated event of a routed referral: only the fields the receiver needs (no override reason). */
export function referralCreated(
  record: ReferralRecord,
  route: Route,
  sharingBasis: SharingBasis,
  meta: { id?: string; at: Date },
): EventDraft {
  return draft(topics.referrals, ReferralCreated, {
    key: record.caseId,
    ...(meta.id ? { id: meta.id } : {}),
    data: {
      referralId: record.referralId,
      caseId: record.caseId,
      caseNumber: record.caseNumber,
      region: record.region,
      itemCode: record.itemCode,
      township: record.township,
      person: record.person,
      route,
      explanation: record.explanation,
      sharingBasis: receiverSharingBasis(sharingBasis),
      createdAt: meta.at.toISOString(),
      attempt: attemptOf(record),
    },
  });
}
