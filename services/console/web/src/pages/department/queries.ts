import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../../api/client';
import { pageOf, queryOf, type PageOf, type PageRequest } from '../../api/paging';
import type { Paged, ReferralStatus, ReferralView } from '../../api/views';
import { answerOverdue, INBOX_VIEWS, matchesSearch, type DepartmentAction, type InboxView } from './inbox-rules';

export {
  ACTIONS_FROM,
  actionsFor,
  answerOverdue,
  contactShown,
  INBOX_VIEWS,
  NEEDS_REASON,
  type DepartmentAction,
  type InboxView,
} from './inbox-rules';

/**
 * The department's lists. referral filters a department's referrals by state, township and item and pages them
 * (newest first); the search by number or name, the late-only filter and the answer view's order by time limit
 * (NEEDED-APIS.md D1) are applied here to the first 500. A subscription's deliveries come at most 1,000 at a time,
 * oldest first, unpaged (D2): they are ordered and cut here.
 */

const UNPAGED_LIMIT = 500;

/** The parts of their contact a person consented to share with the department serving them (referral.created.v2). */
export interface ReferralContact {
  name?: string;
  phone?: { number: string; confirmed: boolean };
  address?: { county: string; township: string; village?: string; detail?: string; text: string };
}

/** A referral as the receiving department sees it (referral's receiverView; D1 asks for the commented fields). */
export interface InboxReferral extends Omit<ReferralView, 'createdAt' | 'person'> {
  person: { personId?: string; name: string; idNumberMasked?: string; ageAtRegistration?: number };
  /** D1: when it was sent. */
  createdAt?: string;
  sharingBasis?: { basis: 'consent'; givenBy: 'applicant' | 'proxy' } | { basis: 'override'; by: string };
  /** Read one referral at a time (audited): what the person consented to share; absent without consent. */
  contact?: ReferralContact;
}

export interface InboxFilter {
  view: InboxView;
  township?: string;
  itemCode?: string;
  /** A case number (or its tail) or the person's name (or its start). */
  q?: string;
  overdue?: boolean;
}

export async function listInbox(filter: InboxFilter, paging: PageRequest): Promise<PageOf<InboxReferral>> {
  const status: readonly ReferralStatus[] = INBOX_VIEWS[filter.view];
  // What waits for an answer is ordered by its time limit, which referral does not sort by: read whole here.
  const here = Boolean(filter.q || filter.overdue || filter.view === 'answer');
  const query = queryOf({
    status: [...status],
    township: filter.township,
    itemCode: filter.itemCode,
    ...(here ? { limit: UNPAGED_LIMIT } : paging),
  });
  const list = await answer<Paged<InboxReferral>>(
    api.referral.GET('/referrals', { params: { query: query as never } }),
  );
  const now = Date.now();
  const q = filter.q;
  const dueMs = (r: InboxReferral) => (r.answerDueAt ? Date.parse(r.answerDueAt) : Number.POSITIVE_INFINITY);
  const sentMs = (r: InboxReferral) => (r.createdAt ? Date.parse(r.createdAt) : 0);
  return pageOf(
    list,
    paging,
    (r) =>
      (status.length === 0 || status.includes(r.status)) &&
      (!filter.township || r.township.startsWith(filter.township)) &&
      (!filter.itemCode || r.itemCode === filter.itemCode) &&
      (!filter.overdue || answerOverdue(r, now)) &&
      matchesSearch(r, q),
    filter.view === 'answer' ? (a, b) => dueMs(a) - dueMs(b) : (a, b) => sentMs(b) - sentMs(a),
  );
}

export function useReferral(referralId: string | undefined) {
  return useQuery({
    queryKey: ['department', 'referral', referralId],
    queryFn: () =>
      answer<InboxReferral>(
        api.referral.GET('/referrals/{referralId}', { params: { path: { referralId: referralId! } } }),
      ),
    enabled: Boolean(referralId),
  });
}

export function useReferralAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ referralId, action, reason }: { referralId: string; action: DepartmentAction; reason?: string }) => {
      const params = { params: { path: { referralId } }, body: reason ? { reason } : {} };
      const call =
        action === 'receipt'
          ? api.referral.POST('/referrals/{referralId}/receipt', params)
          : action === 'acceptance'
            ? api.referral.POST('/referrals/{referralId}/acceptance', params)
            : action === 'rejection'
              ? api.referral.POST('/referrals/{referralId}/rejection', params)
              : action === 'start'
                ? api.referral.POST('/referrals/{referralId}/start', params)
                : action === 'completion'
                  ? api.referral.POST('/referrals/{referralId}/completion', params)
                  : api.referral.POST('/referrals/{referralId}/failure', params);
      return answer<InboxReferral>(call);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['department'] });
    },
  });
}

// ---- webhooks ----

/** A department's webhook subscription (referral WebhookSubscription). */
export interface SubscriptionView {
  subscriptionId: string;
  departmentCode: string;
  region: string;
  endpoint: string;
  description?: string;
  itemCodes: string[];
  places: string[];
  eventTypes: string[];
  /** The payload version (absent on subscriptions made before versions: 1). */
  version?: 1 | 2;
  active: boolean;
  createdBy: string;
  createdAt: string;
  /** D2. */
  counts?: { pending?: number; delivered?: number; dead?: number };
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One referral event on its way to the subscription (referral Delivery; the body as the parsed event). */
export interface DeliveryView {
  deliveryId: string;
  subscriptionId: string;
  caseId: string;
  seq: number;
  eventId: string;
  eventType: string;
  eventTime: string;
  event?: unknown;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt?: string | null;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
  replay?: string;
}

/** Referral event types a subscription may filter on (referral.*.v1), in the order of a referral's life. */
export const REFERRAL_EVENT_TYPES = [
  'referral.created.v1',
  'referral.received.v1',
  'referral.accepted.v1',
  'referral.rejected.v1',
  'referral.started.v1',
  'referral.completed.v1',
  'referral.failed.v1',
  'referral.rerouted.v1',
  'referral.escalated.v1',
  'referral.cancelled.v1',
] as const;

export function useSubscriptions() {
  return useQuery({
    queryKey: ['department', 'subscriptions'],
    queryFn: () => answer<Paged<SubscriptionView>>(api.referral.GET('/webhook-subscriptions')),
  });
}

/** The most deliveries the service lists at once. */
const DELIVERY_LIMIT = 1000;

export async function listDeliveries(
  subscriptionId: string,
  filter: { status?: DeliveryStatus; eventType?: string },
  paging: PageRequest,
): Promise<PageOf<DeliveryView>> {
  const query = queryOf({ ...filter, ...paging, order: 'desc', limit: DELIVERY_LIMIT });
  const list = await answer<Paged<DeliveryView>>(
    api.referral.GET('/webhook-subscriptions/{subscriptionId}/deliveries', {
      params: { path: { subscriptionId }, query: query as never },
    }),
  );
  // Newest first: the last event to reach (or fail to reach) the department is what it looks for.
  return pageOf(
    list,
    paging,
    (d) => !filter.eventType || d.eventType === filter.eventType,
    (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.seq - a.seq,
  );
}

export function useDepartmentList<T, F>(
  key: string,
  filter: F,
  paging: PageRequest,
  fetch: (filter: F, paging: PageRequest) => Promise<T>,
  enabled = true,
) {
  return useQuery({
    queryKey: ['department', key, filter, paging],
    queryFn: () => fetch(filter, paging),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A change to the department's subscriptions; on success they are read again. */
export function useDepartmentMutation<V, R>(run: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['department'] });
    },
  });
}
