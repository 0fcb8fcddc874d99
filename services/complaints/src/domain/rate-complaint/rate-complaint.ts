import { buildEvent, ComplaintRated, topics } from '@carelink/contracts';
import { AppError } from '@carelink/http';
import type { PendingEvent } from '@carelink/store';
import { z } from 'zod';
import type { Complaint } from '../complaint';

/** RateComplaint: the resident's 1–5 rating of how the complaint was handled. */
export const rateComplaintCommand = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().min(1).max(500).optional(),
});
export type RateComplaint = z.infer<typeof rateComplaintCommand>;

/** A rating comes once, after the complaint was resolved (or closed). */
export function rateComplaint(input: {
  complaint: Complaint;
  command: RateComplaint;
  now: Date;
  traceparent?: string;
}): { complaint: Complaint; events: PendingEvent[] } {
  const { complaint: c, command, now } = input;
  if (c.status !== 'resolved' && c.status !== 'closed')
    throw AppError.conflict('not_resolved_yet', 'a complaint is rated after it was resolved', '投诉办结后才能评价');
  if (c.rating) throw AppError.conflict('already_rated', 'this complaint was rated already', '该投诉已评价过');
  const ratedAt = now.toISOString();
  const complaint: Complaint = {
    ...c,
    rating: { score: command.score, ...(command.comment ? { comment: command.comment } : {}), ratedAt },
    updatedAt: ratedAt,
  };
  const event = buildEvent(ComplaintRated, {
    source: '/carelink/complaints',
    key: c.complaintId,
    time: now,
    traceparent: input.traceparent,
    data: {
      complaintId: c.complaintId,
      complaintNumber: c.complaintNumber,
      region: c.region,
      score: command.score,
      ...(c.about.providerId ? { providerId: c.about.providerId } : {}),
      ratedAt,
    },
  });
  return { complaint, events: [{ topic: topics.complaints, event }] };
}
