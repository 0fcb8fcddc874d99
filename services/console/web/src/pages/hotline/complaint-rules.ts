import dayjs from 'dayjs';
import type { CallOutcome, CallRecordView, ComplaintDetailView } from './hotline-api';

/**
 * The hotline's rules as its pages apply them: which time limit a complaint runs against, which step may follow
 * which, when it was resolved, what a search matches. Pure (no calls, no React): unit-tested.
 */

export const COMPLAINT_STATUSES = [
  'received',
  'acknowledged',
  'assigned',
  'investigating',
  'resolved',
  'closed',
  'reopened',
] as const;
/** Waiting for someone to act: what the queue shows by default. */
export const OPEN_STATUSES = ['received', 'acknowledged', 'assigned', 'investigating', 'reopened'];
export const COMPLAINT_TYPES = ['service_quality', 'staff_conduct', 'money', 'eligibility_decision', 'other'] as const;
export const COMPLAINT_CHANNELS = ['hotline', 'ivr', 'chatbot', 'window', 'online', 'proactive', 'open311'] as const;
/** The channels a resident can be called back on. */
export const PHONE_CHANNELS = ['hotline', 'ivr'] as const;

export const inDates = (iso: string, from?: string, to?: string) => {
  const d = dayjs(iso).format('YYYY-MM-DD');
  return (!from || d >= from) && (!to || d <= to);
};

/** The time limit a complaint runs against now: acknowledging while received, resolving while open, none after. */
export function complaintDueAt(c: Pick<ComplaintDetailView, 'status' | 'acknowledgeBy' | 'resolveBy' | 'due'>) {
  if (c.due) return c.due.dueAt;
  if (c.status === 'received') return c.acknowledgeBy;
  if (c.status === 'resolved' || c.status === 'closed') return undefined;
  return c.resolveBy;
}

/** When a complaint was last resolved (its history), for the call-back list. */
export function resolvedAtOf(c: ComplaintDetailView): string | undefined {
  if (c.resolvedAt) return c.resolvedAt;
  return [...(c.history ?? [])].reverse().find((h) => h.to === 'resolved')?.at;
}

export function matchesQuery(c: ComplaintDetailView, q: string): boolean {
  const s = q.trim().toUpperCase();
  if (!s) return true;
  const caseNumber = (c.caseNumber ?? c.about.caseNumber ?? '').toUpperCase();
  return c.complaintNumber.toUpperCase().includes(s) || (caseNumber !== '' && caseNumber.includes(s));
}

/**
 * Which status may follow which (complaints' lifecycle NEXT): the form offers only these; the service decides.
 * A complaint is closed only after it was resolved; a consultation may close early (answered).
 */
const NEXT: Record<string, string[]> = {
  received: ['acknowledged', 'closed'],
  acknowledged: ['assigned', 'closed'],
  assigned: ['assigned', 'investigating'],
  investigating: ['assigned', 'resolved'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['assigned', 'investigating'],
};

export function nextStatuses(c: Pick<ComplaintDetailView, 'status' | 'kind'>): string[] {
  return (NEXT[c.status] ?? []).filter((to) => !(to === 'closed' && c.kind === 'complaint' && c.status !== 'resolved'));
}

export interface CallFilter {
  /** First day (China time). */
  from: string;
  /** Last day, inclusive. */
  to?: string;
  outcome?: CallOutcome[];
  /** Digits of the calling number (its last four are what the masked number shows). */
  caller?: string;
  /** A case or complaint number. */
  q?: string;
}

export const outcomeOf = (c: CallRecordView): CallOutcome => c.outcome ?? 'in_progress';

export function filterCalls(calls: CallRecordView[], filter: CallFilter): CallRecordView[] {
  const q = filter.q?.trim().toUpperCase();
  const caller = filter.caller?.replace(/\D/g, '');
  return calls.filter(
    (c) =>
      inDates(c.startedAt, filter.from, filter.to) &&
      (!filter.outcome?.length || filter.outcome.includes(outcomeOf(c))) &&
      (!caller || (c.callerNumber ?? c.callerMasked).replace(/\D/g, '').endsWith(caller.slice(-4))) &&
      (!q || (c.caseNumber ?? '').toUpperCase().includes(q) || (c.complaintNumber ?? '').toUpperCase().includes(q)),
  );
}
