import type { CallOutcome, TransferReason } from '../call-flow';

/**
 * The hotline's call-back list (回访): callers the IVR could not serve, whom an operator calls back. Pure: a
 * call's facts in, whether and why it needs a call back out; an operator's attempt recorded with who and when.
 */

/** Why a caller is to be called back. */
export type CallBackReason =
  /** They hung up before the call reached an end (a request or complaint made, a status read). */
  | 'hung_up'
  /** They asked for an operator, or were sent to one (could not use the menu, not on file, too many look-ups). */
  | 'asked_operator'
  /** They left no recording where one was needed (silence, or hung up at the recording). */
  | 'recording_failed'
  /** A service failed while their request or complaint was being made: it was not made. */
  | 'service_failed';

export interface CallBackAttempt {
  by: string;
  at: string;
  /** Whether the operator reached the caller (then the call-back is done). */
  reached: boolean;
  note?: string;
}

export interface CallBack {
  reason: CallBackReason;
  state: 'pending' | 'done';
  attempts: CallBackAttempt[];
}

/** What decides whether a call needs a call back. */
export interface CallFacts {
  outcome?: CallOutcome;
  transferReason?: TransferReason;
  /** The path through the menu: `node:input` per step. */
  path: string[];
}

/** A recording step answered without a recording (`apply-record:none`, `complaint-record:none`). */
const missedRecording = (path: readonly string[]) => path.some((p) => /-record:none$/.test(p));

/**
 * Whether (and why) the caller needs a call back: a call that ended without serving them. None for a call that
 * made a request or complaint or read a status, nor for one still under way without an outcome.
 */
export function callBackReason(call: CallFacts): CallBackReason | undefined {
  if (call.outcome === 'abandoned') return missedRecording(call.path) ? 'recording_failed' : 'hung_up';
  if (call.outcome === 'operator') {
    if (call.transferReason === 'failed') return 'service_failed';
    return missedRecording(call.path) ? 'recording_failed' : 'asked_operator';
  }
  return undefined;
}

/**
 * The call-back a call has after its latest facts: a new one when it now needs one; one already recorded is kept
 * (its attempts stay, and its reason is not rewritten once an operator worked on it).
 */
export function callBackAfter(current: CallBack | undefined, call: CallFacts): CallBack | undefined {
  const reason = callBackReason(call);
  if (current) return current.attempts.length > 0 || !reason ? current : { ...current, reason };
  return reason ? { reason, state: 'pending', attempts: [] } : undefined;
}

/** An operator's attempt to call back: recorded with who and when; reaching the caller closes the call-back. */
export function recordAttempt(current: CallBack | undefined, attempt: CallBackAttempt): CallBack | 'not_needed' {
  if (!current) return 'not_needed';
  return {
    ...current,
    state: attempt.reached ? 'done' : current.state,
    attempts: [...current.attempts, attempt],
  };
}
