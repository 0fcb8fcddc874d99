import type { Decision, EventDraft } from '@carelink/contracts';
import { addWorkingDays } from '@carelink/policy';
import {
  packOf,
  type ReferralContext,
  type ReferralRecord,
  type Route,
  type SharingBasis,
  type Transition,
} from '../referral';
import { withDepartmentCopies } from '../referral-events';
import { referralCreated } from './referral-created';

/** Sending a referral that exists already to a (new) receiver: after a re-routing, an override, a consent override. */
export interface Sending {
  route: Route;
  /** The routing attempt the receiver is sent (one more than the referral's after a re-routing). */
  attempt: number;
  sharingBasis: SharingBasis;
  /** Why this receiver, for the receiver (referral.created); `storedExplanation` for the referral's own record. */
  explanation: string;
  storedExplanation?: string;
  /** The month whose capacity the referral counts against (set on a re-routing: the month it is re-routed in). */
  month?: string;
  /** Events written before the referral.created (the cause: a rejection, a referral.rerouted). */
  eventsBefore: EventDraft[];
  history: Transition[];
  /** Other fields the change sets (tried providers, the sharing basis). */
  set?: Partial<Pick<ReferralRecord, 'triedProviders' | 'sharingBasis' | 'listedHandover'>>;
}

/**
 * SendToReceiver: the referral moves to `requested` at the receiver, with its events (those of the cause,
 * then a referral.created for the receiver, copied to its department's topic); the receiver must answer
 * within the pack's working days from now (the answer timer: see commitReferral). Pure.
 */
export function sendToReceiver(
  referral: ReferralRecord,
  sending: Sending,
  ctx: ReferralContext,
): Decision<ReferralRecord, ReferralRecord> {
  const { route, attempt } = sending;
  const dueAt = addWorkingDays(ctx.now, packOf(ctx, referral.region).timeLimits.referralAnswerWorkingDays);
  const sent: ReferralRecord = { ...referral, route, attempt, explanation: sending.explanation, status: 'requested' };
  const next: ReferralRecord = {
    ...referral,
    ...sending.set,
    status: 'requested',
    route,
    attempt,
    explanation: sending.storedExplanation ?? sending.explanation,
    answerDueAt: dueAt.toISOString(),
    ...(sending.month ? { month: sending.month } : {}),
    history: [...(referral.history ?? []), ...sending.history],
  };
  const events = [...sending.eventsBefore, ...referralCreated(sent, route, sending.sharingBasis, { at: ctx.now })];
  return { state: next, events: withDepartmentCopies(events, ctx), result: next };
}
