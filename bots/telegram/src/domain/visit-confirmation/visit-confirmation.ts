import { chinaDate } from '@carelink/policy';

/**
 * A visit whose recipient is asked to confirm it (provider-scheduling's `GET /cases/:caseId/visits/awaiting-confirmation`):
 * checked out, its confirmation still open. The worker is named as residents know them (surname + 师傅), never in full.
 */
export interface AwaitingVisit {
  visitId: string;
  itemCode: string;
  workerDisplayName: string;
  scheduledFor: string;
  checkedInAt: string;
  checkedOutAt: string;
  confirmBy: string;
  attemptsLeft: number;
}

/** What became of a code the resident typed in. */
export type CodeOutcome =
  | { kind: 'verified' }
  /** Wrong; this many tries are left before the visit stays unconfirmed. */
  | { kind: 'wrong_code'; attemptsLeft: number }
  /** The last try failed: the visit is settled unverified. */
  | { kind: 'wrong_code_limit' }
  /** Already settled, or past its time to confirm. */
  | { kind: 'confirmation_closed' }
  | { kind: 'unavailable' };

/** What became of a resident's "it did not happen". */
export type DisputeOutcome = { kind: 'disputed' } | { kind: 'confirmation_closed' } | { kind: 'unavailable' };

/**
 * The recipient's side of verified delivery in provider-scheduling, as the bot's channel adapter of a region:
 * the visits of a case awaiting confirmation, a code to confirm one, a dispute.
 */
export interface VisitConfirmations {
  awaiting(caseId: string, region: string): Promise<AwaitingVisit[]>;
  confirm(visitId: string, code: string, region: string): Promise<CodeOutcome>;
  dispute(visitId: string, region: string, reason?: string): Promise<DisputeOutcome>;
}

/** A visit awaiting confirmation with the case it belongs to. */
export interface ChatVisit {
  caseId: string;
  visit: AwaitingVisit;
}

/** At most this many of a chat's cases are asked for visits awaiting confirmation (newest first). */
export const CASES_ASKED = 5;

/**
 * The visits awaiting confirmation of a chat's own cases (filed here, or found by a verified look-up), oldest
 * first; a case whose visits cannot be read is left out (the others are still offered).
 */
export async function awaitingOfChat(
  caseIds: readonly string[],
  region: string,
  confirmations: Pick<VisitConfirmations, 'awaiting'>,
): Promise<ChatVisit[]> {
  const lists = await Promise.all(
    caseIds.slice(0, CASES_ASKED).map(async (caseId) => {
      try {
        return (await confirmations.awaiting(caseId, region)).map((visit) => ({ caseId, visit }));
      } catch {
        return [];
      }
    }),
  );
  return lists.flat().sort((a, b) => a.visit.checkedOutAt.localeCompare(b.visit.checkedOutAt));
}

/**
 * The six digits of a confirmation code as residents type them: spaces, dashes and full-width digits (１２３４５６)
 * allowed; anything else is not a code.
 */
export function readConfirmationCode(text: string): string | undefined {
  const digits = text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\s\-－]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/** "9:02": a time of day in China time, as a clock says it. */
export function clockTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** "11-26": a day in China time (the .ftl says it as the language says dates). */
export function visitDay(iso: string): string {
  return chinaDate(new Date(iso)).slice(5);
}

/** Which day a visit is on, seen from `now`: today, tomorrow, or another day. */
export function dayFromNow(iso: string, now: Date): 'today' | 'tomorrow' | 'other' {
  const day = chinaDate(new Date(iso));
  if (day === chinaDate(now)) return 'today';
  if (day === chinaDate(new Date(now.getTime() + 24 * 3600_000))) return 'tomorrow';
  return 'other';
}
