import { draft, ReferralCreated, ReferralCreatedV3, topics, type EventDraft } from '@carelink/contracts';
import {
  attemptOf,
  receiverRouteOf,
  receiverSharingBasis,
  v1Route,
  type ReferralRecord,
  type Route,
  type SharingBasis,
} from '../referral';

/**
 * The referral.created events of a routed referral, with only the fields the receiver needs (no override
 * reason): v1, which its consumers read (a listed receiver named as the department inbox it is served
 * through), and v3 beside it, naming the receiver by its kind and the delivery mode.
 */
export function referralCreated(
  record: ReferralRecord,
  route: Route,
  sharingBasis: SharingBasis,
  meta: { id?: string; v3Id?: string; at: Date },
): EventDraft[] {
  const data = {
    referralId: record.referralId,
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    region: record.region,
    itemCode: record.itemCode,
    township: record.township,
    person: record.person,
    explanation: record.explanation,
    sharingBasis: receiverSharingBasis(sharingBasis),
    createdAt: meta.at.toISOString(),
    attempt: attemptOf(record),
  };
  const mode = record.mode && { code: record.mode.code, name: record.mode.name, handover: record.mode.handover };
  return [
    draft(topics.referrals, ReferralCreated, {
      key: record.caseId,
      ...(meta.id ? { id: meta.id } : {}),
      data: { ...data, route: v1Route(route) },
    }),
    draft(topics.referrals, ReferralCreatedV3, {
      key: record.caseId,
      ...(meta.v3Id ? { id: meta.v3Id } : {}),
      data: { ...data, route: receiverRouteOf(route), ...(mode ? { mode } : {}) },
    }),
  ];
}
