import { answer, api } from '../../api/client';
import { pageOf, type PageOf, type PageRequest } from '../../api/paging';
import type {
  CaseStatus,
  CaseView,
  ComplaintView,
  Paged,
  ReferralStatus,
  ReferralView,
  RequestView,
} from '../../api/views';

/**
 * The township's lists, with the filters and pagination of NEEDED-APIS.md, filtered and paged by the services. No
 * React here: the worklist's first page is fetched from this file while the app's code still loads (boot/early-data).
 */

// ---- intake: requests ----

export interface RequestFilter {
  stage?: 'new' | 'open' | 'decided';
  township?: string;
  village?: string;
  channel?: string[];
  item?: string;
  from?: string;
  to?: string;
  q?: string;
}

export async function listRequests(filter: RequestFilter, paging: PageRequest): Promise<PageOf<RequestView>> {
  const query = {
    ...(filter.stage ? { stage: filter.stage } : {}),
    // intake takes one place: a township (9 digits) or a village (12).
    ...(filter.village || filter.township ? { township: filter.village ?? filter.township } : {}),
    ...(filter.channel?.length ? { channel: filter.channel.join(',') } : {}),
    ...(filter.item ? { item: filter.item } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    ...(filter.q?.trim() ? { q: filter.q.trim() } : {}),
    page: paging.page,
    pageSize: paging.pageSize,
  };
  return pageOf(await answer<Paged<RequestView>>(api.intake.GET('/requests', { params: { query } })), paging);
}

// ---- assessment: cases ----

export interface CaseFilter {
  status: CaseStatus[];
  township?: string;
  village?: string;
  overdue?: boolean;
  item?: string;
  sort?: 'due' | 'opened';
}

/** When a case's current time limit ends: the investigation's, or the decision's. */
export const caseDueAt = (c: CaseView): string | undefined =>
  c.due?.dueAt ?? (c.status === 'investigating' ? c.investigation?.dueAt : c.decisionDueAt);

export async function listCases(filter: CaseFilter, paging: PageRequest): Promise<PageOf<CaseView>> {
  const query = {
    status: filter.status.join(','),
    // assessment takes one place: a township (9 digits) or a village (12).
    ...(filter.village || filter.township ? { township: filter.village ?? filter.township } : {}),
    ...(filter.item ? { item: filter.item } : {}),
    ...(filter.overdue ? { overdue: 'true' as const } : {}),
    ...(filter.sort ? { sort: filter.sort } : {}),
    page: paging.page,
    pageSize: paging.pageSize,
  };
  return pageOf(await answer<Paged<CaseView>>(api.assessment.GET('/cases', { params: { query } })), paging);
}

// ---- referral ----

export interface ReferralFilter {
  status: ReferralStatus[];
  township?: string;
  itemCode?: string;
}

/** The referrals waiting on the township: for the family's consent, or for a provider (nobody took it). */
export const REFERRAL_WAITING: ReferralStatus[] = ['awaiting_consent', 'awaiting_provider'];

export async function listReferrals(filter: ReferralFilter, paging: PageRequest): Promise<PageOf<ReferralView>> {
  const query = {
    status: filter.status.join(','),
    ...(filter.township ? { township: filter.township } : {}),
    ...(filter.itemCode ? { itemCode: filter.itemCode } : {}),
    page: paging.page,
    pageSize: paging.pageSize,
  };
  return pageOf(await answer<Paged<ReferralView>>(api.referral.GET('/referrals', { params: { query } })), paging);
}

/** The escalation of a referral nobody took: when and why it came back to the township. */
export function escalationOf(r: ReferralView): { at?: string; reason?: string } {
  if (r.escalatedAt || r.escalationReason) return { at: r.escalatedAt, reason: r.escalationReason };
  const last = [...(r.history ?? [])].reverse().find((t) => t.to === 'awaiting_provider');
  return { at: last?.at, reason: last?.reason };
}

// ---- complaints ----

export interface ComplaintFilter {
  status?: string[];
  overdue?: boolean;
}

/** Complaints assigned to the caller's township (or county), open ones unless `status` says otherwise, soonest due first. */
export async function listAssignedComplaints(
  filter: ComplaintFilter,
  paging: PageRequest,
): Promise<PageOf<ComplaintView>> {
  const query = {
    assigned: 'mine' as const,
    ...(filter.status?.length ? { status: filter.status.join(',') } : {}),
    ...(filter.overdue ? { overdue: 'true' as const } : {}),
    page: paging.page,
    pageSize: paging.pageSize,
  };
  return pageOf(await answer<Paged<ComplaintView>>(api.complaints.GET('/complaints', { params: { query } })), paging);
}

/** The cache key of a township list (a page of `key` with `filter`): the same for the page and for boot/early-data. */
export const listKey = (key: string, filter: unknown, paging: PageRequest) =>
  ['township', key, filter, paging] as const;

/** What the worklist's 新申请 tab lists first (its filter before any is chosen). */
export const NEW_REQUESTS: RequestFilter = { stage: 'new' };
