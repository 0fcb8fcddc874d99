import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../../api/client';
import { pageOf, queryOf, type PageOf, type PageRequest } from '../../api/paging';
import type { Paged } from '../../api/views';
import {
  hotlineApi,
  serviceCall,
  type CallRecordView,
  type CallsAnswer,
  type ComplaintDetailView,
} from './hotline-api';
import {
  complaintDueAt,
  filterCalls,
  matchesQuery,
  inDates,
  outcomeOf,
  PHONE_CHANNELS,
  resolvedAtOf,
  type CallFilter,
} from './complaint-rules';

/**
 * The hotline's lists. complaints filters by status, channel, one type, overdue and sorts by time limit, and pages
 * (`page`, `pageSize` → `total`); the queue's other filters (kind, place, escalated, number, dates, several types:
 * NEEDED-APIS.md H1) are applied here to the first 500 it answers, the same way (`pageOf`). The IVR takes only the
 * days and outcome of its calls (H3): the search by number and the paging are done here.
 */

/** The most `GET /complaints` answers today. */
const UNPAGED_LIMIT = 500;

/** The rules the pages share, with the lists. */
export {
  COMPLAINT_CHANNELS,
  COMPLAINT_STATUSES,
  COMPLAINT_TYPES,
  complaintDueAt,
  OPEN_STATUSES,
  resolvedAtOf,
  type CallFilter,
} from './complaint-rules';

// ---- complaints ----

export interface ComplaintFilter {
  status?: string[];
  kind?: 'complaint' | 'consultation';
  type?: string[];
  channel?: string[];
  /** A township (9 digits) or a county (6). */
  township?: string;
  escalated?: boolean;
  overdue?: boolean;
  from?: string;
  to?: string;
  /** A complaint number (or its tail) or a case number. */
  q?: string;
  sort?: 'due' | 'received';
}

/** Whether a filter needs what complaints cannot filter by yet (H1): then the first 500 are filtered here. */
const filteredHere = (f: ComplaintFilter) =>
  Boolean(f.kind || f.township || f.escalated || f.q || f.from || f.to || (f.type?.length ?? 0) > 1);

export async function listComplaints(
  filter: ComplaintFilter,
  paging: PageRequest,
): Promise<PageOf<ComplaintDetailView>> {
  const here = filteredHere(filter);
  const query = queryOf({
    status: filter.status,
    channel: filter.channel,
    type: filter.type?.length === 1 ? filter.type[0] : undefined,
    overdue: filter.overdue ? 'true' : undefined,
    sort: filter.sort === 'due' ? 'deadline' : 'received',
    ...(here ? { limit: UNPAGED_LIMIT } : paging),
  });
  const list = await answer<Paged<ComplaintDetailView>>(
    api.complaints.GET('/complaints', { params: { query: query as never } }),
  );
  const now = Date.now();
  const dueMs = (c: ComplaintDetailView) => {
    const due = complaintDueAt(c);
    return due ? Date.parse(due) : Number.POSITIVE_INFINITY;
  };
  return pageOf(
    list,
    paging,
    (c) => {
      const place = c.township ?? c.about.township ?? c.scope;
      return (
        (!filter.status?.length || filter.status.includes(c.status)) &&
        (!filter.kind || c.kind === filter.kind) &&
        (!filter.type?.length || filter.type.includes(c.type)) &&
        (!filter.channel?.length || filter.channel.includes(c.channel)) &&
        (!filter.township || (place ?? '').startsWith(filter.township)) &&
        (!filter.escalated || c.escalated) &&
        (!filter.overdue || dueMs(c) < now) &&
        inDates(c.receivedAt, filter.from, filter.to) &&
        (!filter.q || matchesQuery(c, filter.q))
      );
    },
    filter.sort === 'due' ? (a, b) => dueMs(a) - dueMs(b) : undefined,
  );
}

/**
 * Phone complaints resolved and waiting for the call-back (tell the outcome, ask for the rating, close), oldest
 * resolution first; by place, number or rating filtered here (H1).
 */
export async function listResolvedPhoneComplaints(
  filter: { township?: string; q?: string; rated?: 'yes' | 'no' },
  paging: PageRequest,
): Promise<PageOf<ComplaintDetailView>> {
  const here = Boolean(filter.township || filter.q || filter.rated);
  const query = queryOf({
    status: 'resolved',
    channel: [...PHONE_CHANNELS],
    ...(here ? { limit: UNPAGED_LIMIT } : paging),
  });
  const list = await answer<Paged<ComplaintDetailView>>(
    api.complaints.GET('/complaints', { params: { query: query as never } }),
  );
  const resolvedMs = (c: ComplaintDetailView) => Date.parse(resolvedAtOf(c) ?? c.updatedAt ?? c.receivedAt);
  return pageOf(
    list,
    paging,
    (c) =>
      c.status === 'resolved' &&
      (PHONE_CHANNELS as readonly string[]).includes(c.channel) &&
      (!filter.township || (c.township ?? c.about.township ?? c.scope).startsWith(filter.township)) &&
      (!filter.q || matchesQuery(c, filter.q)) &&
      (!filter.rated || (filter.rated === 'yes') === Boolean(c.rating)),
    (a, b) => resolvedMs(a) - resolvedMs(b),
  );
}

/** One complaint with its history (the reporter only for its handler). */
export function useComplaint(complaintId: string | undefined) {
  return useQuery({
    queryKey: ['hotline', 'complaint', complaintId],
    queryFn: () =>
      answer<ComplaintDetailView>(
        api.complaints.GET('/complaints/{complaintId}', { params: { path: { complaintId: complaintId! } } }),
      ),
    enabled: Boolean(complaintId),
  });
}

/** A change to a complaint; on success the hotline's lists and the complaint are read again. */
export function useHotlineMutation<V, R>(run: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['hotline'] });
    },
  });
}

// ---- IVR calls ----

export interface CallsPage extends PageOf<CallRecordView> {
  /** Every call matching the filters (for the chart), not only the page's. */
  matching: CallRecordView[];
  /** Calls per outcome over the days, whatever the filters (the IVR counts them). */
  outcomes: Record<string, number>;
}

/**
 * The region's IVR calls of the days (bots/ivr `GET /calls?from=&to=&outcome=`, at most 5,000, read whole: the
 * chart shows every day of them), searched by number and paged here (NEEDED-APIS.md H3).
 */
export async function listCalls(filter: CallFilter, paging: PageRequest): Promise<CallsPage> {
  // `since` too: the IVR took only that before it took days (`from`, `to`).
  const query = queryOf({ since: filter.from, from: filter.from, to: filter.to, outcome: filter.outcome });
  const got = await answer<CallsAnswer>(hotlineApi.ivr.GET('/calls', { params: { query: query as never } }));
  const matching = filterCalls(got.items ?? got.calls ?? [], filter);
  const outcomes: Record<string, number> = { ...got.outcomes };
  if (!got.outcomes) for (const c of matching) outcomes[outcomeOf(c)] = (outcomes[outcomeOf(c)] ?? 0) + 1;
  return {
    rows: matching.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize),
    total: matching.length,
    pagedByService: false,
    matching,
    outcomes,
  };
}

/** The IVR's call-back list (`GET /call-backs?state=`): callers it could not serve, newest first, a page at a time. */
export async function listCallBacks(
  filter: { state: 'pending' | 'done' },
  paging: PageRequest,
): Promise<PageOf<CallRecordView>> {
  const query = new URLSearchParams({
    state: filter.state,
    page: String(paging.page),
    pageSize: String(paging.pageSize),
  });
  // Not in the generated IVR document yet: read through the BFF as the typed clients do.
  const got = await serviceCall<Paged<CallRecordView>>('GET', `/api/ivr/call-backs?${query}`);
  return pageOf(got, paging, () => true);
}

/** An operator's attempt to call a caller back: reached (closes it) or not, with a note. */
export function recordCallBack(callSid: string, body: { reached: boolean; note?: string }) {
  return serviceCall<{ callSid: string; callBack: CallRecordView['callBack'] }>(
    'POST',
    `/api/ivr/calls/${encodeURIComponent(callSid)}/call-back`,
    body,
  );
}

export function useHotlineList<T, F>(
  key: string,
  filter: F,
  paging: PageRequest,
  fetch: (filter: F, paging: PageRequest) => Promise<T>,
  options: { enabled?: boolean; refetchInterval?: number } = {},
) {
  return useQuery({
    queryKey: ['hotline', key, filter, paging],
    queryFn: () => fetch(filter, paging),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    ...(options.refetchInterval ? { refetchInterval: options.refetchInterval } : {}),
  });
}
