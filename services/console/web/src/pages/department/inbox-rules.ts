import type { ReferralStatus } from '../../api/views';

/**
 * The department's rules as its inbox applies them: which referrals each view shows, when an answer is late,
 * which actions a referral's state allows (the service decides), what a search matches. Pure: unit-tested.
 */

/** The inbox's views: what waits for an answer, what is being served, what is done. */
export type InboxView = 'answer' | 'serving' | 'done' | 'all';
export const INBOX_VIEWS: Record<InboxView, readonly ReferralStatus[]> = {
  answer: ['requested', 'received'],
  serving: ['accepted', 'in_progress'],
  done: ['completed', 'rejected', 'failed', 'cancelled'],
  all: [],
};

/** Whether the department is late to answer: past `answerDueAt` while it is still to be received or accepted. */
export const answerOverdue = (r: { status: ReferralStatus; answerDueAt?: string }, now = Date.now()) =>
  (r.status === 'requested' || r.status === 'received') && Boolean(r.answerDueAt) && Date.parse(r.answerDueAt!) < now;

/** What a department can say about a referral it was sent (referral's receiver actions). */
export type DepartmentAction = 'receipt' | 'acceptance' | 'rejection' | 'start' | 'completion' | 'failure';

/** From which states each action may be taken (referral's RECEIVER_MOVES); the service decides. */
export const ACTIONS_FROM: Record<DepartmentAction, ReferralStatus[]> = {
  receipt: ['requested'],
  acceptance: ['requested', 'received'],
  rejection: ['requested', 'received'],
  start: ['accepted'],
  completion: ['accepted', 'in_progress'],
  failure: ['accepted', 'in_progress'],
};
/** Rejecting and failing need the reason. */
export const NEEDS_REASON: DepartmentAction[] = ['rejection', 'failure'];

/** The actions a department may take on a referral now, in the order it would take them. */
const ACTION_ORDER: DepartmentAction[] = ['receipt', 'acceptance', 'start', 'completion', 'rejection', 'failure'];
export const actionsFor = (status: ReferralStatus) => ACTION_ORDER.filter((a) => ACTIONS_FROM[a].includes(status));

/** A search by a case number (or its tail) or the person's name (or its start). */
export function matchesSearch(r: { caseNumber: string; person: { name: string } }, q: string | undefined): boolean {
  const s = q?.trim();
  if (!s) return true;
  return r.caseNumber.toUpperCase().includes(s.toUpperCase()) || r.person.name.startsWith(s);
}

/**
 * What the inbox says of the person's contact: the contact they consented to share (`shared`), that they did not
 * consent (`not_consented`: sent on a township's override), or that it has not arrived although they consented
 * (`not_received`: e.g. a request registered before contacts were shared).
 */
export type ContactShown = 'shared' | 'not_consented' | 'not_received';
export function contactShown(r: { sharingBasis?: { basis: string }; contact?: object }): ContactShown {
  if (r.contact && Object.keys(r.contact).length > 0) return 'shared';
  return r.sharingBasis?.basis === 'consent' ? 'not_received' : 'not_consented';
}
