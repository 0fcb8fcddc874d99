import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  freeText,
  topics,
  VisitDeliveredV2,
  VisitDisputed,
  VisitVerified,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { chinaDateTime } from '@carelink/policy';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  VISIT,
  visitFacts,
  type ConfirmationChannel,
  type VerificationReason,
  type VerificationState,
  type VisitState,
} from '../assignment';
import { farthest, placeFacts } from './check-in-out';

/** The channels a resident confirms through (the chat bot, the hotline IVR). */
export const residentChannel = z.enum(['telegram', 'ivr']);
export type ResidentChannel = z.infer<typeof residentChannel>;

/** ConfirmVisit: the recipient (or family) keys in the code the worker gave them. */
export const confirmVisitCommand = z.object({
  code: z.string().regex(/^\d{6}$/, 'six digits'),
  via: residentChannel,
});
export type ConfirmVisit = z.infer<typeof confirmVisitCommand>;

/** DisputeVisit: the recipient (or family) says the visit did not happen as recorded. */
export const disputeVisitCommand = z.object({
  via: residentChannel,
  reason: freeText().trim().max(500).optional(),
});
export type DisputeVisit = z.infer<typeof disputeVisitCommand>;

/** RecordPaperConfirmation: a township clerk records the recipient's signed paper slip, saying what it is. */
export const recordPaperConfirmationCommand = z.object({
  reason: freeText().trim().min(1).max(500).describe('what the clerk holds, e.g. "服务确认单，本人签字，编号…"'),
});
export type RecordPaperConfirmation = z.infer<typeof recordPaperConfirmationCommand>;

/** The adapter channel a resident channel speaks through (tokens name `chatbot` or `ivr`). */
const adapterChannel: Record<ResidentChannel, string> = { telegram: 'chatbot', ivr: 'ivr' };

/** An adapter confirms and disputes only for its own channel, and only for visits of its region and places. */
export function assertChannelMay(principal: StaffPrincipal, via: ResidentChannel, visit: VisitState): void {
  if (principal.channel !== adapterChannel[via])
    throw DomainError.forbidden(
      'channel_mismatch',
      `this adapter speaks for ${principal.channel ?? 'no channel'}, not ${via}`,
      '渠道与身份不符',
    );
  assertCovers(principal, visit.township, visit.region);
}

/** The confirmation is open: awaiting, and `now` before `confirmBy`. */
export function isOpen(visit: VisitState, now: Date): boolean {
  return visit.verification?.state === 'awaiting' && now.getTime() < new Date(visit.verification.confirmBy).getTime();
}

function assertOpen(visit: VisitState | undefined, now: Date): asserts visit is VisitState {
  if (!visit) throw DomainError.notFound(...VISIT);
  if (!visit.verification)
    throw DomainError.conflict(
      'confirmation_closed',
      `visit ${visit.visitId} is not awaiting confirmation (${visit.status})`,
      '该次服务无需确认',
    );
  if (!isOpen(visit, now))
    throw DomainError.conflict(
      'confirmation_closed',
      visit.verification.state === 'awaiting'
        ? `the confirmation of visit ${visit.visitId} closed at ${visit.verification.confirmBy}`
        : `visit ${visit.visitId} is already ${visit.verification.state}`,
      visit.verification.state === 'awaiting'
        ? `确认期限已过（${chinaDateTime(visit.verification.confirmBy)}）`
        : '该次服务已确认或已有结论',
    );
}

/**
 * Settles a visit's verification: the state, and its events — visit.verified.v1 or visit.disputed.v1 where the
 * recipient spoke, and in every case visit.delivered.v2, published once per visit (settlement pays verified).
 */
function settle(
  visit: VisitState,
  outcome: { state: Exclude<VerificationState, 'awaiting'>; reason: VerificationReason; via?: ConfirmationChannel },
  now: Date,
  extra: { disputeReason?: string; paper?: { recordedBy: string; note: string } } = {},
) {
  const at = now.toISOString();
  const settled: VisitState = {
    ...visit,
    verification: {
      ...visit.verification!,
      state: outcome.state,
      reason: outcome.reason,
      ...(outcome.via ? { via: outcome.via } : {}),
      settledAt: at,
      ...(extra.disputeReason ? { disputeReason: extra.disputeReason } : {}),
      ...(extra.paper ? { paper: extra.paper } : {}),
    },
  };
  const facts = { ...visitFacts(visit), scheduledFor: visit.scheduledFor };
  const spoke =
    outcome.state === 'verified'
      ? [
          draft(topics.visits, VisitVerified, {
            key: visit.caseId,
            data: { ...facts, confirmedVia: outcome.via!, confirmedAt: at },
          }),
        ]
      : outcome.state === 'disputed'
        ? [
            draft(topics.visits, VisitDisputed, {
              key: visit.caseId,
              data: {
                ...facts,
                disputedVia: outcome.via!,
                disputedAt: at,
                ...(extra.disputeReason ? { reason: extra.disputeReason } : {}),
              },
            }),
          ]
        : [];
  const delivery = visit.delivery!;
  const delivered = draft(topics.visits, VisitDeliveredV2, {
    key: visit.caseId,
    data: {
      ...facts,
      deliveredAt: delivery.deliveredAt,
      ...(visit.checkIn ? { checkedInAt: visit.checkIn.at } : {}),
      units: delivery.units,
      ...(delivery.note !== undefined ? { note: delivery.note } : {}),
      tasksDone: visit.checkOut?.tasksDone ?? [],
      ...placeFacts(farthest(visit)),
      verification: outcome.state,
      verificationReason: outcome.reason,
    },
  });
  return { state: settled, events: [...spoke, delivered] };
}

/** What keying in a code answers: verified, or a wrong code with the tries left, or the last try used up. */
export type ConfirmationOutcome =
  | { verification: 'verified' }
  | { verification: 'awaiting'; wrongCode: true; attemptsLeft: number }
  | { verification: 'unverified'; wrongCode: true; attemptsLeft: 0 };

/** Compares two digests in constant time. */
function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The recipient keys in the visit's code (`digest`: the keyed digest of what they keyed): the right code while the
 * confirmation is open verifies the visit (code_confirmed); a wrong one uses a try and says how many are left; the
 * last wrong try settles the visit unverified (wrong_code_limit), so six digits cannot be guessed by trying.
 */
export function decideConfirmation(
  visit: VisitState | undefined,
  { digest, via }: { digest: string; via: ResidentChannel },
  ctx: UseCaseContext,
): Decision<VisitState, ConfirmationOutcome> {
  assertOpen(visit, ctx.now);
  if (visit.codeDigest && sameDigest(visit.codeDigest, digest)) {
    const { state, events } = settle(visit, { state: 'verified', reason: 'code_confirmed', via }, ctx.now);
    return { state, events, result: { verification: 'verified' } };
  }
  const attemptsLeft = visit.verification!.attemptsLeft - 1;
  if (attemptsLeft > 0)
    return {
      state: { ...visit, verification: { ...visit.verification!, attemptsLeft } },
      result: { verification: 'awaiting', wrongCode: true, attemptsLeft },
    };
  const { state, events } = settle(visit, { state: 'unverified', reason: 'wrong_code_limit', via }, ctx.now);
  return {
    state: { ...state, verification: { ...state.verification!, attemptsLeft: 0 } },
    events,
    result: { verification: 'unverified', wrongCode: true, attemptsLeft: 0 },
  };
}

/** The recipient says the visit did not happen as recorded, while the confirmation is open: disputed (not paid). */
export function decideDispute(
  visit: VisitState | undefined,
  { via, reason }: DisputeVisit,
  ctx: UseCaseContext,
): Decision<VisitState, { verification: 'disputed' }> {
  assertOpen(visit, ctx.now);
  const { state, events } = settle(
    visit,
    { state: 'disputed', reason: 'resident_disputed', via },
    ctx.now,
    reason ? { disputeReason: reason } : {},
  );
  return { state, events, result: { verification: 'disputed' } };
}

/**
 * A township clerk of the visit's place records the recipient's signed paper confirmation (paper_confirmed): for
 * a recipient with neither chat nor phone. Only while the confirmation is open — once settled, visit.delivered.v2
 * has been published (once per visit) and may have been paid or refused; a slip arriving after `confirmBy` is a
 * matter for a complaint or the spot check, not a second verdict.
 */
export function decidePaperConfirmation(
  visit: VisitState | undefined,
  { principal, reason }: RecordPaperConfirmation & { principal: StaffPrincipal },
  ctx: UseCaseContext,
): Decision<VisitState, VisitState> {
  if (!visit) throw DomainError.notFound(...VISIT);
  if (principal.role !== 'township_caseworker')
    throw DomainError.forbidden(
      'role_not_allowed',
      'township caseworkers record paper confirmations',
      '仅乡镇经办人员可登记纸质确认',
    );
  assertCovers(principal, visit.township, visit.region);
  assertOpen(visit, ctx.now);
  const { state, events } = settle(visit, { state: 'verified', reason: 'paper_confirmed', via: 'township' }, ctx.now, {
    paper: { recordedBy: principal.sub, note: reason },
  });
  return { state, events, result: state };
}

/**
 * The confirmation window closed (the delayed job at `confirmBy`): a visit still awaiting is settled unverified
 * (no_confirmation_in_time). A visit already settled changes nothing; a job run early (clocks) is refused so it
 * runs again.
 */
export function decideConfirmationDeadline(
  visit: VisitState | undefined,
  ctx: UseCaseContext,
): Decision<VisitState, VerificationState | undefined> {
  if (!visit?.verification || visit.verification.state !== 'awaiting') return { result: visit?.verification?.state };
  if (ctx.now.getTime() < new Date(visit.verification.confirmBy).getTime())
    throw new Error(`visit ${visit.visitId}: confirmation open until ${visit.verification.confirmBy}; try later`);
  const { state, events } = settle(visit, { state: 'unverified', reason: 'no_confirmation_in_time' }, ctx.now);
  return { state, events, result: 'unverified' };
}

/**
 * How a recipient knows the worker: surname and 师傅 (张师傅). A name written with a separator dot (Uyghur and
 * other names transliterated into Chinese, 艾力·买买提) has no surname: its first part is said (艾力师傅).
 */
export function workerDisplayName(name: string): string {
  const trimmed = name.trim();
  const dotted = trimmed.split(/[·・.]/)[0]!.trim();
  if (dotted !== trimmed && dotted) return `${dotted}师傅`;
  const first = Array.from(trimmed)[0];
  return first ? `${first}师傅` : '师傅';
}

/** A visit awaiting its recipient's confirmation, as a channel tells them of it. */
export interface AwaitingConfirmation {
  visitId: string;
  itemCode: string;
  workerDisplayName: string;
  scheduledFor: string;
  checkedInAt: string;
  checkedOutAt: string;
  confirmBy: string;
  attemptsLeft: number;
}

/** The visits of a case whose confirmation is open at `now`, oldest first, as the channels show them. */
export function awaitingConfirmation(
  visits: VisitState[],
  workerNames: Map<string, string>,
  now: Date,
): AwaitingConfirmation[] {
  return visits
    .filter((v) => isOpen(v, now))
    .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor))
    .map((v) => ({
      visitId: v.visitId,
      itemCode: v.itemCode,
      workerDisplayName: workerDisplayName(workerNames.get(v.workerId) ?? ''),
      scheduledFor: v.scheduledFor,
      checkedInAt: v.checkIn?.at ?? v.delivery!.deliveredAt,
      checkedOutAt: v.checkOut?.at ?? v.delivery!.deliveredAt,
      confirmBy: v.verification!.confirmBy,
      attemptsLeft: v.verification!.attemptsLeft,
    }));
}
