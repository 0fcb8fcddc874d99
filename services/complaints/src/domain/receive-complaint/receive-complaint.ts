import type { StaffPrincipal } from '@carelink/auth';
import {
  complaintAbout,
  complaintChannel,
  complaintKind,
  ComplaintReceived,
  ComplaintTransitioned,
  complaintType,
  DomainError,
  draft,
  phoneNumber,
  regionId,
  residentIdNumber,
  topics,
  type Decision,
  type EventDraft,
  type UseCaseContext,
  freeText,
} from '@carelink/contracts';
import { addWorkingDays, chinaDate, type PolicyPack, type PolicyPacks } from '@carelink/policy';
import { z } from 'zod';
import type { Complaint, ComplaintStatus, KnownCase } from '../complaint';
import { assertInJurisdiction } from '../complaint-access';

/** ReceiveComplaint: what a hotline operator, a caseworker, a channel adapter or Open311 submits. */
export const receiveComplaintCommand = z
  .object({
    region: regionId,
    channel: complaintChannel,
    kind: complaintKind.default('complaint'),
    type: complaintType,
    about: complaintAbout.refine((a) => Object.values(a).some((v) => v !== undefined), {
      message: 'name at least one of caseNumber, caseId, providerId, workerId, visitId, township',
    }),
    summary: freeText().trim().min(1).max(2000),
    attachmentIds: z
      .array(z.string().regex(/^[0-9a-f]{24}$/, 'an attachment id'))
      .max(20)
      .default([]),
    reporter: z
      .object({
        name: freeText().trim().min(1).max(100).optional(),
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

/** What the caller is told: the number, the status, the acknowledgement; `replayed` for a repeated submission. */
export interface ReceiveOutcome {
  complaintId: string;
  complaintNumber: string;
  status: ComplaintStatus;
  acknowledgement: { zh: string; en: string };
  replayed?: boolean;
}

/** What was looked up for a new complaint: the case it names (null: none named, or not known). */
export interface ReceiveFindings {
  knownCase: KnownCase | null;
  /** Ids among the complaint's attachments that were never uploaded. */
  missingAttachments: string[];
}

/**
 * Whether a complaint may be received, in this order: the caller acts for the complaint's region, which has a
 * pack; a named case is known (by id or number) and of that region; staff need the township in their
 * jurisdiction (a channel adapter acts for the resident); attachments were uploaded. Returns the region's pack.
 */
export function checkReceivable(
  command: ReceiveComplaintParsed,
  principal: StaffPrincipal,
  found: ReceiveFindings,
  policies: Pick<PolicyPacks, 'get'>,
): PolicyPack {
  if (command.region !== principal.region)
    throw DomainError.forbidden(
      'outside_region',
      `you act for ${principal.region}, not ${command.region}`,
      '不能受理其他地区的投诉',
    );
  const pack = policies.get(command.region);
  if (!pack)
    throw DomainError.unprocessable('unknown_region', `region ${command.region} has no policy pack`, '未知地区');
  const { caseId, caseNumber } = command.about;
  const known = found.knownCase;
  if (
    (caseId || caseNumber) &&
    (!known || known.region !== command.region || (caseId && caseNumber && known.caseNumber !== caseNumber))
  )
    throw DomainError.unprocessable(
      'unknown_case',
      `case ${caseId ?? caseNumber} is not known (yet)`,
      '未找到该申请，请核对受理编号',
    );
  const township = known?.township ?? command.about.township;
  if (principal.role !== 'channel_adapter' && township) assertInJurisdiction(principal, township, command.region);
  if (found.missingAttachments.length > 0)
    throw DomainError.unprocessable(
      'unknown_attachment',
      `attachments not uploaded: ${found.missingAttachments.join(', ')}`,
      '附件不存在，请重新上传',
    );
  return pack;
}

/** A repeated submission (the same Idempotency-Key from the same caller): the complaint the first one made. */
export function replayOf(existing: Complaint): ReceiveOutcome {
  return {
    complaintId: existing.complaintId,
    complaintNumber: existing.complaintNumber,
    status: existing.status,
    acknowledgement: {
      zh: `您的投诉已受理，编号 ${existing.complaintNumber}。`,
      en: `Your complaint was received as ${existing.complaintNumber}.`,
    },
    replayed: true,
  };
}

/**
 * Receives a complaint that passed `checkReceivable`: builds it and its events. Pure: id, number (the day's
 * sequence), pack and sealed reporter come in; the clock from the context.
 */
export function receiveComplaint(
  input: {
    complaintId: string;
    sequence: number;
    command: ReceiveComplaintParsed;
    knownCase: KnownCase | null;
    pack: PolicyPack;
    reporterSealed?: string;
    receivedBy: string;
  },
  ctx: Pick<UseCaseContext, 'now'>,
): Decision<Complaint, ReceiveOutcome> {
  const { command, knownCase, pack } = input;
  const now = ctx.now;
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
  const events: EventDraft[] = [
    draft(topics.complaints, ComplaintReceived, {
      key,
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
  ];
  if (answered)
    events.push(
      draft(topics.complaints, ComplaintTransitioned, {
        key,
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
    );
  const noun = command.kind === 'consultation' ? { zh: '咨询', en: 'question' } : { zh: '投诉', en: 'complaint' };
  const acknowledgement = answered
    ? {
        zh: `您的咨询已答复并办结，编号 ${complaintNumber}。`,
        en: `Your question was answered and closed as ${complaintNumber}.`,
      }
    : {
        zh: `您的${noun.zh}已受理，编号 ${complaintNumber}。我们将核实处理并及时答复，请保持电话畅通。`,
        en: `Your ${noun.en} was received as ${complaintNumber}. It will be looked into and you will receive an answer.`,
      };
  return {
    state: complaint,
    events,
    result: { complaintId: complaint.complaintId, complaintNumber, status: complaint.status, acknowledgement },
  };
}
