import type { PolicyPack } from '@carelink/policy';
import { itemName, type Notice } from '../progress-notice';
import { clockTime, dayFromNow, visitDay, type CodeOutcome, type DisputeOutcome } from './visit-confirmation';

/** The steps of a visit a resident is told of, as provider-scheduling publishes them. */
export const VISIT_STEPS = [
  'visit.reminder-due.v1',
  'visit.checked-in.v1',
  'visit.checked-out.v1',
  'visit.verified.v1',
  'visit.disputed.v1',
] as const;
export type VisitStep = (typeof VISIT_STEPS)[number];

/** A visit step's message; `askToConfirm`: sent with the buttons to confirm (the code) or dispute this visit. */
export interface VisitNotice extends Notice {
  askToConfirm?: string;
}

/**
 * Names the message may carry, resolved beforehand: the provider (its contracts' name in the region) and the
 * worker as residents know them (surname + 师傅). Absent: the message says "the provider" / "the worker".
 */
export interface VisitNames {
  provider?: string;
  worker?: string;
}

/** A day as the resident's language says it: 11月26日, 11-26. */
export function spokenDay(iso: string, locale: string): string {
  const [m, d] = visitDay(iso).split('-').map(Number) as [number, number];
  return locale === 'zh' ? `${m}月${d}日` : `${m}-${d}`;
}

/**
 * What a resident is told at a step of a visit: the day before (when, what, who provides it), the worker's
 * arrival, the end (with the request to confirm by the code the worker tells them, or to dispute), and the
 * confirmation or dispute acknowledged (saying by which channel when it was not this chat). Never the worker's full
 * name, phone or any ID number: the events carry none. Pure: the event's data, the names and `now` in.
 */
export function visitStepNotice(
  type: VisitStep,
  data: Record<string, unknown>,
  pack: PolicyPack,
  locale: string,
  now: Date,
  names: VisitNames = {},
): VisitNotice {
  const item = itemName(pack, String(data.itemCode), locale);
  const worker = names.worker ?? 'none';
  const provider = names.provider ?? 'none';
  switch (type) {
    case 'visit.reminder-due.v1': {
      const at = String(data.scheduledFor);
      return {
        key: `visit-reminder-${dayFromNow(at, now)}`,
        params: {
          date: spokenDay(at, locale),
          from: clockTime(at),
          to: clockTime(String(data.endsAt)),
          item,
          provider,
        },
      };
    }
    case 'visit.checked-in.v1':
      return { key: 'visit-checked-in', params: { worker, time: clockTime(String(data.checkedInAt)), item } };
    case 'visit.checked-out.v1': {
      const by = String(data.confirmBy);
      return {
        key: 'visit-checked-out',
        params: { item, confirmBy: `${spokenDay(by, locale)} ${clockTime(by)}` },
        askToConfirm: String(data.visitId),
      };
    }
    case 'visit.verified.v1':
    case 'visit.disputed.v1': {
      const via = String(type === 'visit.verified.v1' ? data.confirmedVia : data.disputedVia);
      const step = type === 'visit.verified.v1' ? 'visit-verified' : 'visit-disputed';
      // Said from which channel when it was not this chat (the hotline, a township clerk's paper record).
      return {
        key: via === 'ivr' || via === 'township' ? `${step}-${via}` : step,
        params: { item, date: spokenDay(String(data.scheduledFor), locale) },
      };
    }
  }
}

/** What the resident is told after typing a code (wrong: how many tries are left). */
export function codeOutcomeNotice(outcome: CodeOutcome): Notice {
  switch (outcome.kind) {
    case 'verified':
      return { key: 'visit-code-verified', params: {} };
    case 'wrong_code':
      return { key: 'visit-code-wrong', params: { attemptsLeft: outcome.attemptsLeft } };
    case 'wrong_code_limit':
      return { key: 'visit-code-limit', params: {} };
    case 'confirmation_closed':
      return { key: 'visit-confirm-closed', params: {} };
    case 'unavailable':
      return { key: 'visit-confirm-unavailable', params: {} };
  }
}

/** What the resident is told after saying the visit did not happen. */
export function disputeOutcomeNotice(outcome: DisputeOutcome): Notice {
  switch (outcome.kind) {
    case 'disputed':
      return { key: 'visit-dispute-recorded', params: {} };
    case 'confirmation_closed':
      return { key: 'visit-confirm-closed', params: {} };
    case 'unavailable':
      return { key: 'visit-confirm-unavailable', params: {} };
  }
}
