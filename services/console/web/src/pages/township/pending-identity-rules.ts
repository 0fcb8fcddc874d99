import { parseResidentId, residentIdProblemText } from '@carelink/contracts/resident-id';
import type { paths } from '../../api/generated/intake';
import { pageOf, type PageOf, type PageRequest } from '../../api/paging';

/**
 * The rules of the township's 待核实身份 list and its 补全身份 form: which applications a filter keeps and in what
 * order, one page of them, the completion as intake takes it, what is wrong with a typed ID number. Pure (no
 * calls, no React): unit-tested.
 */

/**
 * First-time callers' phone applications awaiting identity (待核实身份), as intake's `GET /pending-applications`
 * answers them to the township: the number to call back (in full to those the service gives it), which recordings
 * were left, and, once completed, the request it became.
 */
export interface PendingApplicationView {
  applicationId: string;
  applicationNumber: string;
  region: string;
  channel: 'ivr';
  county: string;
  township: string;
  /** Absent for a role the service does not give it to. */
  callerPhone?: string;
  recordings: Record<RecordingPart, boolean>;
  status: PendingStatus;
  receivedAt: string;
  completion?: { caseId: string; caseNumber: string; by: string; at: string };
}

export type RecordingPart = 'name' | 'need';
export type PendingStatus = 'awaiting_identity' | 'completed';

/** What the tab filters by: the state, the township, the day called (China time, inclusive), digits of the number. */
export interface PendingFilter {
  status: PendingStatus;
  township?: string;
  from?: string;
  to?: string;
  phone?: string;
}

/** intake lists at most this many applications at once (newest first): a full answer may not be all of them. */
export const PENDING_LIST_LIMIT = 200;

/** The day (YYYY-MM-DD, China time) of an instant. */
export function chinaDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whether an application passes the tab's filters. */
export function keepApplication(filter: PendingFilter): (a: PendingApplicationView) => boolean {
  const digits = filter.phone?.replace(/\D/g, '') ?? '';
  return (a) => {
    if (a.status !== filter.status) return false;
    if (filter.township && a.township !== filter.township) return false;
    const day = chinaDay(a.receivedAt);
    if (filter.from && day < filter.from) return false;
    if (filter.to && day > filter.to) return false;
    if (digits && !(a.callerPhone ?? '').includes(digits)) return false;
    return true;
  };
}

/**
 * The order of the list: callers still waiting longest first (called back in turn); completed ones newest first.
 */
export function applicationOrder(
  status: PendingStatus,
): (a: PendingApplicationView, b: PendingApplicationView) => number {
  const completedAt = (a: PendingApplicationView) => a.completion?.at ?? a.receivedAt;
  return status === 'awaiting_identity'
    ? (a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt)
    : (a, b) => Date.parse(completedAt(b)) - Date.parse(completedAt(a));
}

/** One page of the applications that pass the filters, in the list's order; a full answer is marked capped. */
export function pendingPage(
  items: readonly PendingApplicationView[],
  filter: PendingFilter,
  paging: PageRequest,
): PageOf<PendingApplicationView> {
  const page = pageOf({ items: [...items] }, paging, keepApplication(filter), applicationOrder(filter.status));
  return items.length >= PENDING_LIST_LIMIT ? { ...page, capped: true } : page;
}

/** What the township completes on the call back: intake's completion body. */
export type CompleteIdentity =
  paths['/pending-applications/{applicationId}/completion']['post']['requestBody']['content']['application/json'];

/** The form's values as they are typed. */
export interface CompleteIdentityValues {
  name: string;
  idNumber: string;
  village?: string;
  addressDetail?: string;
  declaredStatus: 'declared' | 'none' | 'not_sure';
  declaredGroups?: string[];
  items: string[];
  description?: string;
  consentToShare?: boolean;
}

/** The completion as intake takes it: trimmed, empty fields left out, statuses only when declared. */
export function completionOf(v: CompleteIdentityValues): CompleteIdentity {
  const text = (s: string | undefined) => s?.trim() || undefined;
  const addressDetail = text(v.addressDetail);
  const description = text(v.description);
  return {
    applicant: { name: v.name.trim(), idNumber: v.idNumber.trim().toUpperCase() },
    ...(v.village ? { village: v.village } : {}),
    ...(addressDetail ? { addressDetail } : {}),
    declaredStatus: v.declaredStatus,
    // The directory's codes of the region's groups: the service checks them against the platform's.
    declaredGroups: (v.declaredStatus === 'declared'
      ? (v.declaredGroups ?? [])
      : []) as CompleteIdentity['declaredGroups'],
    items: v.items,
    ...(description ? { description } : {}),
    consentToShare: Boolean(v.consentToShare),
  };
}

/**
 * What is wrong with a typed ID number (GB 11643: 18 characters, address code, a real past birth date, the check
 * character), in the UI's language; undefined when it is a valid number. The service checks it again.
 */
export function idNumberProblem(value: string, inChinese: boolean, today = new Date()): string | undefined {
  const parsed = parseResidentId(value, today);
  if (parsed.ok) return undefined;
  const text = residentIdProblemText[parsed.problem];
  return inChinese ? text.zh : text.en;
}
