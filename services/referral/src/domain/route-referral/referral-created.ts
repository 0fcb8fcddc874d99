import { buildEvent, ReferralCreated, topics } from '@carelink/contracts';
import type { PendingEvent } from '@carelink/store';
import { attemptOf, receiverSharingBasis, type ReferralRecord, type Route, type SharingBasis } from '../referral';

/** The ReferralCreated event of a routed referral: only the fields the receiver needs (no override reason). */
export function referralCreated(
  record: ReferralRecord,
  route: Route,
  sharingBasis: SharingBasis,
  meta: { id?: string; at: Date; traceparent?: string },
): PendingEvent {
  return {
    topic: topics.referrals,
    event: buildEvent(ReferralCreated, {
      ...(meta.id ? { id: meta.id } : {}),
      source: '/carelink/referral',
      key: record.caseId,
      time: meta.at,
      traceparent: meta.traceparent,
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
    }),
  };
}
