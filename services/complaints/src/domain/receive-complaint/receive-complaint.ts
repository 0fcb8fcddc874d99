import {
  buildEvent,
  complaintAbout,
  complaintChannel,
  complaintKind,
  ComplaintReceived,
  ComplaintTransitioned,
  complaintType,
  phoneNumber,
  regionId,
  residentIdNumber,
  topics,
} from '@carelink/contracts';
import { addWorkingDays, chinaDate, type PolicyPack } from '@carelink/policy';
import type { PendingEvent } from '@carelink/store';
import { z } from 'zod';
import type { Complaint, KnownCase } from '../complaint';

/** ReceiveComplaint: what a hotline operator, a caseworker, a channel adapter or Open311 submits. */
export const receiveComplaintCommand = z
  .object({
    region: regionId,
    channel: complaintChannel,
    kind: complaintKind.default('complaint'),
    type: complaintType,
    about: complaintAbout.refine((a) => Object.values(a).some((v) => v !== undefined), {
      message: 'name at least one of caseNumber, caseId, providerId, workerId, township',
    }),
    summary: z.string().trim().min(1).max(2000),
    attachmentIds: z
      .array(z.string().regex(/^[0-9a-f]{24}$/, 'an attachment id'))
      .max(20)
      .default([]),
    reporter: z
      .object({
        name: z.string().trim().min(1).max(100).optional(),
        phone: phoneNumber.optional(),
        idNumber: residentIdNumber.optional(),
      })
      .optional(),
    anonymous: z.boolean().default(false),
    /** A consultation answered at once: it is recorded and closed in one step. */
    answer: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((c) => !(c.answer && c.kind !== 'consultation'), {
    message: 'only a consultation can be answered at once',
    path: ['answer'],
  });
export type ReceiveComplaint = z.input<typeof receiveComplaintCommand>;
export type ReceiveComplaintParsed = z.output<typeof receiveComplaintCommand>;

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

/** The jurisdiction a complaint is visible within when no township is known: the region's prefecture. */
export function regionScope(pack: PolicyPack): string {
  return pack.jurisdictions[0]!.code.slice(0, 4);
}

/** Builds the complaint and its events. Pure: ids, number, clock, pack, sealed reporter and trace come in. */
export function receiveComplaint(input: {
  complaintId: string;
  sequence: number;
  command: ReceiveComplaintParsed;
  knownCase: KnownCase | null;
  pack: PolicyPack;
  reporterSealed?: string;
  receivedBy: string;
  now: Date;
  traceparent?: string;
}): { complaint: Complaint; events: PendingEvent[]; acknowledgement: { zh: string; en: string } } {
  const { command, knownCase, now, pack } = input;
  const complaintNumber = formatComplaintNumber(dayInChina(now), input.sequence);
  const at = now.toISOString();
  const about = {
    ...command.about,
    ...(knownCase ? { caseId: knownCase.caseId, caseNumber: knownCase.caseNumber } : {}),
  };
  const township = knownCase?.township ?? command.about.township;
  const answered = command.kind === 'consultation' && command.answer !== undefined;
  const limits = pack.complaints;
  const complaint: Complaint = {
    complaintId: input.complaintId,
    complaintNumber,
    region: command.region,
    kind: command.kind,
    about,
    ...(knownCase ? { caseId: knownCase.caseId, caseNumber: knownCase.caseNumber } : {}),
    ...(township ? { township } : {}),
    scope: township ?? regionScope(pack),
    type: command.type,
    channel: command.channel,
    summary: command.summary,
    attachmentIds: command.attachmentIds,
    anonymous: command.anonymous,
    ...(input.reporterSealed && !command.anonymous ? { reporterSealed: input.reporterSealed } : {}),
    status: answered ? 'closed' : 'received',
    ...(answered ? { answer: command.answer } : {}),
    acknowledgeBy: addWorkingDays(now, limits.acknowledgeWorkingDays, pack.workingCalendar).toISOString(),
    resolveBy: addWorkingDays(now, limits.resolveWorkingDays, pack.workingCalendar).toISOString(),
    round: 1,
    escalated: false,
    history: answered
      ? [{ from: 'received', to: 'closed', actor: input.receivedBy, reason: '咨询已当场答复', at }]
      : [],
    receivedAt: at,
    receivedBy: input.receivedBy,
    updatedAt: at,
  };
  const key = complaint.complaintId;
  const events: PendingEvent[] = [
    {
      topic: topics.complaints,
      event: buildEvent(ComplaintReceived, {
        source: '/carelink/complaints',
        key,
        time: now,
        traceparent: input.traceparent,
        data: {
          complaintId: complaint.complaintId,
          complaintNumber,
          ...(complaint.caseId ? { caseId: complaint.caseId } : {}),
          region: complaint.region,
          kind: complaint.kind,
          about,
          ...(township ? { township } : {}),
          type: complaint.type,
          channel: complaint.channel,
          summary: complaint.summary,
          anonymous: complaint.anonymous,
          receivedAt: at,
        },
      }),
    },
  ];
  if (answered)
    events.push({
      topic: topics.complaints,
      event: buildEvent(ComplaintTransitioned, {
        source: '/carelink/complaints',
        key,
        time: now,
        traceparent: input.traceparent,
        data: {
          complaintId: complaint.complaintId,
          complaintNumber,
          region: complaint.region,
          from: 'received',
          to: 'closed',
          actor: input.receivedBy,
          reason: '咨询已当场答复',
          channel: complaint.channel,
          at,
        },
      }),
    });
  const noun = command.kind === 'consultation' ? { zh: '咨询', en: 'question' } : { zh: '投诉', en: 'complaint' };
  return {
    complaint,
    events,
    acknowledgement: answered
      ? {
          zh: `您的咨询已答复并办结，编号 ${complaintNumber}。`,
          en: `Your question was answered and closed as ${complaintNumber}.`,
        }
      : {
          zh: `您的${noun.zh}已受理，编号 ${complaintNumber}。我们将核实处理并及时答复，请保持电话畅通。`,
          en: `Your ${noun.en} was received as ${complaintNumber}. It will be looked into and you will receive an answer.`,
        },
  };
}
