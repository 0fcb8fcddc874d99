import type { StaffPrincipal } from '@carelink/auth';
import { freeText, ComplaintRated, DomainError, draft, topics, type Decision } from '@carelink/contracts';
import { z } from 'zod';
import type { Complaint, ComplaintsContext } from '../complaint';
import { complaintInScope } from '../complaint-access';

/** RateComplaint: the resident's 1–5 rating of how the complaint was handled. */
export const rateComplaintCommand = z.object({
  score: z.number().int().min(1).max(5),
  comment: freeText().trim().min(1).max(500).optional(),
});
export type RateComplaint = z.infer<typeof rateComplaintCommand>;

/**
 * A rating comes once, after the complaint was resolved (or closed), from whoever may act on the complaint
 * (a channel adapter only on the complaints it filed). Answers the complaint as rated.
 */
export function rateComplaint(
  current: Complaint | undefined,
  command: { rating: RateComplaint; principal: StaffPrincipal },
  ctx: ComplaintsContext,
): Decision<Complaint, Complaint> {
  const c = complaintInScope(current, command.principal);
  const { score, comment } = command.rating;
  if (c.status !== 'resolved' && c.status !== 'closed')
    throw DomainError.conflict('not_resolved_yet', 'a complaint is rated after it was resolved', '投诉办结后才能评价');
  if (c.rating) throw DomainError.conflict('already_rated', 'this complaint was rated already', '该投诉已评价过');
  const ratedAt = ctx.now.toISOString();
  const complaint: Complaint = {
    ...c,
    rating: { score, ...(comment ? { comment } : {}), ratedAt },
    updatedAt: ratedAt,
  };
  const rated = draft(topics.complaints, ComplaintRated, {
    key: c.complaintId,
    data: {
      complaintId: c.complaintId,
      complaintNumber: c.complaintNumber,
      region: c.region,
      score,
      ...(c.about.providerId ? { providerId: c.about.providerId } : {}),
      ratedAt,
    },
  });
  return { state: complaint, events: [rated], result: complaint };
}
