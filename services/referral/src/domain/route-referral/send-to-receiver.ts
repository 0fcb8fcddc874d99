import { addWorkingDays, type PolicyPacks } from '@carelink/policy';
import type { PendingEvent } from '@carelink/store';
import type { ReferralChange, ReferralRepository } from '../../data-access/referral-repository';
import {
  attemptOf,
  type ReferralRecord,
  type ReferralStatus,
  type Route,
  type SharingBasis,
  type Transition,
} from '../referral';
import { withDepartmentCopies } from '../referral-events';
import type { ReferralTimers } from '../referral-timers';
import { referralCreated } from './referral-created';

/** Sending a referral that exists already to a (new) receiver: after a re-routing, an override, a consent override. */
export interface Sending {
  /** The referral as it was read; the change applies only if it is still in one of `from` at its attempt. */
  referral: ReferralRecord;
  from: ReferralStatus[];
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
  eventsBefore: PendingEvent[];
  history: Transition[];
  /** Other fields the change sets (tried providers, the sharing basis). */
  set?: ReferralChange['set'];
  at: Date;
  traceparent?: string;
}

/**
 * SendToReceiver: moves the referral to `requested` at the receiver with its events (a referral.created for
 * the receiver, copied to its department's topic) in one update, and starts the receiver's answer timer.
 * The timer is scheduled first and is idempotent; it carries the answer due time, and does nothing unless
 * the referral still waits for that very answer (so a timer of a change that lost its race is harmless).
 * False when the referral moved meanwhile.
 */
export async function sendToReceiver(
  sending: Sending,
  deps: { policies: PolicyPacks; referrals: ReferralRepository; timers: ReferralTimers },
): Promise<boolean> {
  const { referral, route, attempt, at } = sending;
  const pack = deps.policies.get(referral.region);
  if (!pack) throw new Error(`no policy pack for region ${referral.region}`);
  const dueAt = addWorkingDays(at, pack.timeLimits.referralAnswerWorkingDays);
  const sent: ReferralRecord = { ...referral, route, attempt, explanation: sending.explanation, status: 'requested' };
  const events = [
    ...sending.eventsBefore,
    referralCreated(sent, route, sending.sharingBasis, { at, traceparent: sending.traceparent }),
  ];
  await deps.timers.answerDue(referral.referralId, attempt, dueAt);
  return deps.referrals.change(referral.referralId, {
    expect: { status: sending.from, attempt: attemptOf(referral) },
    set: {
      ...sending.set,
      status: 'requested',
      route,
      attempt,
      explanation: sending.storedExplanation ?? sending.explanation,
      answerDueAt: dueAt.toISOString(),
      ...(sending.month ? { month: sending.month } : {}),
    },
    history: sending.history,
    events: withDepartmentCopies(events),
  });
}
