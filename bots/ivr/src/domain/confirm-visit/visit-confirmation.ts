/**
 * The recipient's confirmation of a visit by phone (issue 12's verified delivery): after the caller is identified,
 * the visits of their cases awaiting confirmation are read one at a time; the caller keys the one-time code the
 * worker told them in person, or 9 to say it did not happen. provider-scheduling decides; these are its answers
 * as the call flow sees them.
 */

/** A visit awaiting its recipient's confirmation (provider-scheduling's `GET /cases/:caseId/visits/awaiting-confirmation`). */
export interface VisitToConfirm {
  visitId: string;
  itemCode: string;
  /** The worker as residents know them (surname + 师傅), never the full name. */
  workerDisplayName: string;
  scheduledFor: string;
  checkedInAt: string;
  checkedOutAt: string;
  confirmBy: string;
  attemptsLeft: number;
}

/** What became of a code keyed in. */
export type VisitCodeOutcome =
  | { kind: 'verified' }
  | { kind: 'wrong_code'; attemptsLeft: number }
  | { kind: 'wrong_code_limit' }
  | { kind: 'confirmation_closed' };

export type VisitDisputeOutcome = { kind: 'disputed' } | { kind: 'confirmation_closed' };

/** provider-scheduling, as the IVR's channel adapter of the call's region. A failure to reach it throws. */
export interface VisitConfirmationPorts {
  awaitingConfirmation(input: { region: string; caseId: string }): Promise<VisitToConfirm[]>;
  confirmVisit(input: { region: string; visitId: string; code: string }): Promise<VisitCodeOutcome>;
  disputeVisit(input: { region: string; visitId: string; reason: string }): Promise<VisitDisputeOutcome>;
}

/** At most this many of the caller's cases are asked, and this many visits read in one call. */
export const CASES_ASKED = 3;
export const VISITS_READ = 5;

/** The keys of the confirmation step: 9 disputes the visit, 0 asks for an operator; six digits are a code. */
export const DISPUTE_KEY = '9';

/**
 * Why the caller says a visit did not happen as recorded, keyed after 9 (the prompt `askDisputeReason` reads the
 * keys): the dispute's reason as the township reads it on the visit, in Chinese whatever the call's language.
 */
export const DISPUTE_REASONS: Readonly<Record<string, string>> = {
  '1': '没有上门服务',
  '2': '上门时间与记录不符',
  '3': '服务内容或时长与记录不符',
  '4': '其他原因（请回电核实）',
};

/** The dispute's reason for a key of the reason step, or undefined for any other key. */
export function disputeReasonOf(key: string | undefined): string | undefined {
  const label = key === undefined ? undefined : DISPUTE_REASONS[key.replace(/#$/, '')];
  return label && `电话按键：${label}`;
}

/**
 * The visits awaiting confirmation of the caller's cases (newest cases first, as intake lists them), oldest
 * check-out first, at most VISITS_READ.
 */
export async function visitsToConfirm(
  region: string,
  caseIds: readonly string[],
  ports: Pick<VisitConfirmationPorts, 'awaitingConfirmation'>,
): Promise<VisitToConfirm[]> {
  const lists = await Promise.all(
    caseIds.slice(0, CASES_ASKED).map((caseId) => ports.awaitingConfirmation({ region, caseId })),
  );
  return lists
    .flat()
    .sort((a, b) => a.checkedOutAt.localeCompare(b.checkedOutAt))
    .slice(0, VISITS_READ);
}

/** A code as keyed: six digits, the closing # dropped; anything else is not a code. */
export function keyedVisitCode(digits: string | undefined): string | undefined {
  const code = digits?.replace(/#$/, '');
  return code && /^\d{6}$/.test(code) ? code : undefined;
}

/** 9点02分 / 9:02 — the time of day in China time, as a person says it. */
export function spokenTime(iso: string, lang: 'zh' | 'ug'): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  if (lang === 'zh') return m === 0 ? `${h}点` : `${h}点${String(m).padStart(2, '0')}分`;
  return `${h}:${String(m).padStart(2, '0')}`;
}
