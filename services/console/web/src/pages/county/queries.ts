import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { consoleCall } from '../../api/bff';
import { answer, api } from '../../api/client';
import { pageOf, type PageOf, type PageRequest } from '../../api/paging';
import type {
  CaseStatus,
  CaseView,
  ComplaintView,
  ContractView,
  Paged,
  ReferralStatus,
  ReferralView,
} from '../../api/views';
import { newerReads, scheduling, settlement } from '../provider/service-clients';
import type {
  AccountView,
  AuditAction,
  AuditTrailView,
  ComplaintStatisticsView,
  ConsoleAuditKind,
  ConsoleAuditView,
  DecisionStatisticsView,
  ProviderScoresView,
  ReferralStatisticsView,
  RequestStatisticsView,
} from './views';

/**
 * What the county officer's pages read and change. Lists the services page themselves are read a page at a time
 * (`page`, `pageSize`, `total`); the others (referrals, complaints, contracts, accounts, audit) answer a whole
 * list (at most 500 or 1000), filtered and paged here with `pageOf` until NEEDED-APIS.md is done.
 */
export const COUNTY_KEY = 'county';

/** Query parameters as the services read them: empty filters dropped, lists joined with commas. */
function queryOf(
  params: Record<string, string | number | boolean | readonly string[] | undefined>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = Array.isArray(v) ? v.join(',') : (v as string | number | boolean);
  }
  return out;
}
const UNPAGED_LIMIT = 500;

// ---- cases ----

export interface CountyCaseFilter {
  status: CaseStatus[];
  township?: string;
  item?: string;
  overdue?: boolean;
}

export async function listCases(filter: CountyCaseFilter, paging: PageRequest): Promise<PageOf<CaseView>> {
  const query = queryOf({ ...filter, overdue: filter.overdue ? 'true' : undefined, sort: 'due', ...paging });
  const list = await answer<Paged<CaseView>>(api.assessment.GET('/cases', { params: { query: query as never } }));
  const now = Date.now();
  return pageOf(
    list,
    paging,
    (c) =>
      filter.status.includes(c.status) &&
      (!filter.township || c.address.township.startsWith(filter.township)) &&
      (!filter.item || c.itemCodes.includes(filter.item)) &&
      (!filter.overdue || Boolean(c.due?.overdue ?? (c.due && Date.parse(c.due.dueAt) < now))),
  );
}

// ---- referrals ----

export interface CountyReferralFilter {
  /** Escalated (no receiver found) or overdue answers (requested / received past the answer time limit). */
  kind: 'escalated' | 'overdue_answer' | 'all';
  status?: ReferralStatus[];
  township?: string;
  itemCode?: string;
  providerId?: string;
  departmentCode?: string;
}

export async function listReferrals(filter: CountyReferralFilter, paging: PageRequest): Promise<PageOf<ReferralView>> {
  const status: ReferralStatus[] =
    filter.status ??
    (filter.kind === 'escalated'
      ? ['awaiting_provider']
      : filter.kind === 'overdue_answer'
        ? ['requested', 'received']
        : []);
  const { kind, status: _status, ...rest } = filter;
  // referral filters and pages by state, place, item and receiver; "answer overdue" is judged here on the
  // newest 500 until it takes `overdue=true` (NEEDED-APIS.md C1).
  const serverPaged = kind !== 'overdue_answer';
  const query = queryOf({ ...rest, status, ...(serverPaged ? paging : { limit: UNPAGED_LIMIT }) });
  const list = await answer<Paged<ReferralView>>(api.referral.GET('/referrals', { params: { query: query as never } }));
  const now = Date.now();
  return pageOf(
    list,
    paging,
    (r) =>
      (!status.length || status.includes(r.status)) &&
      (kind !== 'overdue_answer' || (r.answerDueAt !== undefined && Date.parse(r.answerDueAt) < now)) &&
      (!filter.township || r.township.startsWith(filter.township)) &&
      (!filter.itemCode || r.itemCode === filter.itemCode) &&
      (!filter.providerId || (r.route?.kind === 'provider' && r.route.providerId === filter.providerId)) &&
      (!filter.departmentCode || (r.route?.kind === 'department' && r.route.departmentCode === filter.departmentCode)),
  );
}

/** How many referrals match (one row read), e.g. a receiver's open ones. */
export async function countReferrals(query: Record<string, string>): Promise<number> {
  const list = await answer<Paged<ReferralView>>(
    api.referral.GET('/referrals', { params: { query: { ...query, page: 1, pageSize: 1 } as never } }),
  );
  return list.total ?? list.items.length;
}

// ---- complaints ----

const OPEN_COMPLAINT = ['received', 'acknowledged', 'assigned', 'investigating', 'reopened'];

export interface CountyComplaintFilter {
  /** Escalated past a time limit, or assigned to the county. */
  scope: 'escalated' | 'county';
  status?: string[];
  providerId?: string;
  overdue?: boolean;
}

export async function listComplaints(
  filter: CountyComplaintFilter,
  paging: PageRequest,
): Promise<PageOf<ComplaintView>> {
  // Assigned to the county: complaints filters (open ones, soonest time limit first) and pages. Escalated ones:
  // complaints has no `escalated` filter yet (NEEDED-APIS.md H1, C2): the newest 500 open ones
  // are read and filtered here.
  const county = filter.scope === 'county';
  const query = queryOf({
    ...(county ? { assigned: 'mine', sort: 'deadline', ...paging } : { limit: UNPAGED_LIMIT }),
    status: filter.status?.length ? filter.status : OPEN_COMPLAINT,
    providerId: filter.providerId,
    overdue: filter.overdue ? 'true' : undefined,
  });
  const list = await answer<Paged<ComplaintView>>(
    api.complaints.GET('/complaints', { params: { query: query as never } }),
  );
  const now = Date.now();
  return pageOf(list, paging, (c) => {
    const open = filter.status?.length ? filter.status.includes(c.status) : OPEN_COMPLAINT.includes(c.status);
    const scoped = county ? c.assignee?.level === 'county' : c.escalated;
    const due = c.status === 'received' ? c.acknowledgeBy : c.resolveBy;
    return (
      open &&
      scoped &&
      (!filter.providerId || c.about.providerId === filter.providerId) &&
      (!filter.overdue || Date.parse(due) < now)
    );
  });
}

/** A county list of the pages above, paged, keeping the last page while the next loads. */
export function useCountyList<T, F>(
  key: string,
  filter: F,
  paging: PageRequest,
  fetch: (filter: F, paging: PageRequest) => Promise<PageOf<T>>,
  enabled = true,
) {
  return useQuery({
    queryKey: [COUNTY_KEY, key, filter, paging],
    queryFn: () => fetch(filter, paging),
    placeholderData: keepPreviousData,
    enabled,
  });
}

// ---- contracts ----

export function useContracts() {
  return useQuery({
    queryKey: [COUNTY_KEY, 'contracts'],
    queryFn: () => answer<Paged<ContractView>>(api.referral.GET('/contracts')),
  });
}

export interface NewContract {
  providerId: string;
  providerName: string;
  region: string;
  itemCodes: string[];
  townships: string[];
  monthlyCapacity: number;
  validFrom: string;
  validTo: string;
}

export function useRegisterContract() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewContract) => answer<ContractView>(api.referral.POST('/contracts', { body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [COUNTY_KEY] }),
        queryClient.invalidateQueries({ queryKey: ['referral', 'contracts'] }),
        // The directory names the providers the region has contracts with.
        queryClient.invalidateQueries({ queryKey: ['console', 'directory'] }),
      ]),
  });
}

// ---- figures of the whole jurisdiction (providers, departments, dashboard) ----

/** Referrals in a receiver's hands: sent, received, accepted or being served. */
export const OPEN_REFERRAL: ReferralStatus[] = ['requested', 'received', 'accepted', 'in_progress'];

/** How many open referrals each receiver has (one count per provider or department). */
export function useOpenReferralCounts(receivers: { kind: 'provider' | 'department'; code: string }[]) {
  const results = useQueries({
    queries: receivers.map((r) => ({
      queryKey: [COUNTY_KEY, 'open-referrals', r.kind, r.code],
      queryFn: () =>
        countReferrals({
          status: OPEN_REFERRAL.join(','),
          ...(r.kind === 'provider' ? { providerId: r.code } : { departmentCode: r.code }),
        }),
    })),
  });
  return {
    countOf: (kind: 'provider' | 'department', code: string) =>
      results[receivers.findIndex((r) => r.kind === kind && r.code === code)]?.data,
    error: results.find((r) => r.error)?.error,
  };
}

/** referral `GET /statistics?from=&to=`: referrals created in the months, by state, receiver and item. */
export function useReferralStatistics(from: string, to: string) {
  return useQuery({
    queryKey: [COUNTY_KEY, 'referral-statistics', from, to],
    queryFn: () =>
      answer<ReferralStatisticsView>(newerReads.referral.GET('/statistics', { params: { query: { from, to } } })),
    staleTime: 5 * 60 * 1000,
  });
}

/** complaints `GET /provider-scores`: the score referral ranks providers by, with ratings and upheld complaints. */
export function useProviderScores() {
  return useQuery({
    queryKey: [COUNTY_KEY, 'provider-scores'],
    queryFn: () => answer<ProviderScoresView>(newerReads.complaints.GET('/provider-scores', {})),
    staleTime: 5 * 60 * 1000,
  });
}

export function useComplaintStatistics(month: string, by: 'township' | 'provider' | 'type', enabled = true) {
  return useQuery({
    queryKey: [COUNTY_KEY, 'complaint-statistics', month, by],
    queryFn: () =>
      answer<ComplaintStatisticsView>(api.complaints.GET('/statistics', { params: { query: { month, by } } })),
    enabled,
    staleTime: 5 * 60 * 1000,
  });
}

export function useRequestStatistics(from: string, to: string) {
  return useQuery({
    queryKey: [COUNTY_KEY, 'request-statistics', from, to],
    queryFn: () =>
      answer<RequestStatisticsView>(api.intake.GET('/statistics', { params: { query: { from, to } as never } })),
    staleTime: 5 * 60 * 1000,
  });
}

export function useDecisionStatistics(from: string, to: string) {
  return useQuery({
    queryKey: [COUNTY_KEY, 'decision-statistics', from, to],
    queryFn: () =>
      answer<DecisionStatisticsView>(api.assessment.GET('/statistics', { params: { query: { from, to } as never } })),
    staleTime: 5 * 60 * 1000,
  });
}

// ---- accounts (BFF) ----

export function useAccounts() {
  return useQuery({
    queryKey: [COUNTY_KEY, 'accounts'],
    queryFn: () => consoleCall<{ items: AccountView[] }>('/console/accounts'),
  });
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: AccountView['role'];
  jurisdiction: string;
  providerId?: string;
  departmentCode?: string;
}

export interface AccountChange {
  displayName?: string;
  role?: AccountView['role'];
  jurisdiction?: string;
  providerId?: string | null;
  departmentCode?: string | null;
  disabled?: boolean;
  resetPassword?: true;
}

function useAccountMutation<V, R>(run: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [COUNTY_KEY, 'accounts'] }),
        queryClient.invalidateQueries({ queryKey: [COUNTY_KEY, 'console-audit'] }),
      ]),
  });
}

export const useCreateAccount = () =>
  useAccountMutation((body: NewAccount) =>
    consoleCall<{ account: AccountView; temporaryPassword: string }>('/console/accounts', { method: 'POST', body }),
  );

export const useChangeAccount = () =>
  useAccountMutation(({ username, change }: { username: string; change: AccountChange }) =>
    consoleCall<{ account: AccountView; changed?: string[]; temporaryPassword?: string }>(
      `/console/accounts/${encodeURIComponent(username)}`,
      { method: 'PATCH', body: change },
    ),
  );

// ---- audit ----

export interface ConsoleAuditFilter {
  kind?: ConsoleAuditKind;
  from?: string;
  to?: string;
}

export function useConsoleAudit(filter: ConsoleAuditFilter) {
  return useQuery({
    queryKey: [COUNTY_KEY, 'console-audit', filter],
    queryFn: () => {
      const q = new URLSearchParams(queryOf({ ...filter, limit: 1000 }) as Record<string, string>);
      return consoleCall<{ items: ConsoleAuditView[] }>(`/console/audit?${q.toString()}`);
    },
    placeholderData: keepPreviousData,
  });
}

/** The services that keep an audit trail of personal-data reads (each its own; `GET /audit-trail`). */
export const AUDITED_SERVICES = [
  'intake',
  'assessment',
  'referral',
  'provider-scheduling',
  'settlement',
  'complaints',
] as const;
export type AuditedService = (typeof AUDITED_SERVICES)[number];

export interface AuditTrailFilter {
  service: AuditedService;
  subjectType?: string;
  subjectId?: string;
  actor?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
}

export async function readAuditTrail({ service, ...filter }: AuditTrailFilter): Promise<AuditTrailView[]> {
  const init = { params: { query: queryOf({ ...filter, limit: 1000 }) as never } };
  const read = {
    intake: () => api.intake.GET('/audit-trail', init),
    assessment: () => api.assessment.GET('/audit-trail', init),
    referral: () => api.referral.GET('/audit-trail', init),
    complaints: () => api.complaints.GET('/audit-trail', init),
    'provider-scheduling': () => scheduling.GET('/audit-trail', init),
    settlement: () => settlement.GET('/audit-trail', init),
  } satisfies Record<AuditedService, () => Promise<{ data?: unknown; response: Response }>>;
  const call = read[service]();
  return (await answer<Paged<AuditTrailView>>(call)).items;
}

export function useAuditTrail(filter: AuditTrailFilter) {
  return useQuery({
    queryKey: [COUNTY_KEY, 'audit-trail', filter],
    queryFn: () => readAuditTrail(filter),
    placeholderData: keepPreviousData,
  });
}
