import { buildEvent, caseId, channel, ComplaintReceived, complaintType, topics } from '@carelink/contracts';
import { chinaDate } from '@carelink/policy';
import type { PendingEvent } from '@carelink/store';
import { z } from 'zod';
import type { Complaint, KnownCase } from '../complaint';

/** ReceiveComplaint: what a hotline operator, a caseworker or a channel adapter submits. */
export const receiveComplaintCommand = z.object({
  caseId,
  type: complaintType,
  channel: z.union([z.literal('hotline'), channel]),
  summary: z.string().trim().min(1).max(2000),
});
export type ReceiveComplaint = z.infer<typeof receiveComplaintCommand>;

/** The calendar day (YYYYMMDD) of an instant in China time (UTC+8). */
export function dayInChina(instant: Date): string {
  return chinaDate(instant).replace(/-/g, '');
}

/** Complaint numbers read like TS-20261125-0007: 投诉, the day in China time, that day's sequence. */
export function formatComplaintNumber(day: string, sequence: number): string {
  return `TS-${day}-${String(sequence).padStart(4, '0')}`;
}

/** The counter a day's complaint numbers are drawn from. */
export function complaintSequenceScope(now: Date): string {
  return `complaints-${dayInChina(now)}`;
}

/** Builds the complaint and its ComplaintReceived event. Pure: ids, number, clock and trace come in. */
export function receiveComplaint(input: {
  complaintId: string;
  sequence: number;
  command: ReceiveComplaint;
  knownCase: KnownCase;
  receivedBy: string;
  now: Date;
  traceparent?: string;
}): { complaint: Complaint; events: PendingEvent[]; acknowledgement: { zh: string; en: string } } {
  const { command, knownCase, now } = input;
  const complaintNumber = formatComplaintNumber(dayInChina(now), input.sequence);
  const complaint: Complaint = {
    complaintId: input.complaintId,
    complaintNumber,
    caseId: knownCase.caseId,
    caseNumber: knownCase.caseNumber,
    region: knownCase.region,
    township: knownCase.township,
    type: command.type,
    channel: command.channel,
    summary: command.summary,
    status: 'received',
    receivedAt: now.toISOString(),
    receivedBy: input.receivedBy,
  };
  const event = buildEvent(ComplaintReceived, {
    source: '/carelink/complaints',
    key: knownCase.caseId,
    time: now,
    traceparent: input.traceparent,
    data: {
      complaintId: complaint.complaintId,
      complaintNumber,
      caseId: complaint.caseId,
      township: complaint.township,
      type: complaint.type,
      channel: command.channel,
      summary: complaint.summary,
      receivedAt: complaint.receivedAt,
    },
  });
  return {
    complaint,
    events: [{ topic: topics.complaints, event }],
    acknowledgement: {
      zh: `您的投诉已受理，投诉编号 ${complaintNumber}。我们将核实处理并及时答复，请保持电话畅通。`,
      en: `Your complaint was received as ${complaintNumber}. It will be looked into and you will receive an answer.`,
    },
  };
}
