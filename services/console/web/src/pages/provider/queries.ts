import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../../api/client';
import { pageOf, type PageOf, type PageRequest } from '../../api/paging';
import type { Paged, ReferralView } from '../../api/views';
import { scheduling } from './service-clients';
import type { AssignmentStatus, AssignmentView, CheckedOutView, VisitView } from './views';

/**
 * What the provider's pages read and change. provider-scheduling lists a provider's assignments without filters
 * or pagination (at most 500, newest first) and has no list of visits across assignments, so the lists are
 * filtered and paged here (NEEDED-APIS.md P1, P2); the calendar reads each assignment's visits.
 */

/** The most `GET /assignments` answers. */
const ASSIGNMENT_LIMIT = 500;
/** How many visit lists are read at once for the calendar. */
const PARALLEL = 4;

export const PROVIDER_KEY = 'provider';

/** The tabs of the assignments page: waiting for an answer, being served, and ended. */
export type AssignmentStage = 'offered' | 'accepted' | 'ended';
const STAGE_STATUSES: Record<AssignmentStage, AssignmentStatus[]> = {
  offered: ['offered'],
  accepted: ['accepted'],
  ended: ['completed', 'failed', 'withdrawn', 'cancelled'],
};

export interface AssignmentFilter {
  stage: AssignmentStage;
  township?: string;
  item?: string;
  /** A case number (or its tail) or the person's name (or its start). */
  q?: string;
}

/** An assignment with what referral says of it: the referral's state and the time limit to answer. */
export interface AssignmentRow extends AssignmentView {
  referral?: Pick<ReferralView, 'status' | 'answerDueAt' | 'attempt'>;
}

async function allAssignments(status?: 'offered' | 'accepted'): Promise<AssignmentView[]> {
  const list = await answer<Paged<AssignmentView>>(
    scheduling.GET('/assignments', { params: { query: { ...(status ? { status } : {}), limit: ASSIGNMENT_LIMIT } } }),
  );
  return list.items;
}

/** The referrals sent to the caller's provider (referral answers the receiver's view: state and answer time limit). */
async function receiverReferrals(): Promise<Map<string, ReferralView>> {
  const list = await answer<Paged<ReferralView>>(api.referral.GET('/referrals'));
  return new Map(list.items.map((r) => [r.referralId, r]));
}

/** Every assignment of the provider (the newest 500) with its referral's state and answer time limit. */
async function providerAssignments(): Promise<AssignmentRow[]> {
  const [assignments, referrals] = await Promise.all([
    allAssignments(),
    // The answer time limit only adds a countdown: a failure to read it leaves the countdown out.
    receiverReferrals().catch(() => new Map<string, ReferralView>()),
  ]);
  return assignments.map((a) => {
    const r = referrals.get(a.referralId);
    return r ? { ...a, referral: { status: r.status, answerDueAt: r.answerDueAt, attempt: r.attempt } } : a;
  });
}

export function useProviderAssignments() {
  return useQuery({ queryKey: [PROVIDER_KEY, 'assignments'], queryFn: providerAssignments });
}

const matches = (a: AssignmentView, q: string | undefined) => {
  const s = q?.trim();
  if (!s) return true;
  return a.caseNumber.toUpperCase().includes(s.toUpperCase()) || a.person.name.startsWith(s);
};

/** How many assignments each tab holds (before the other filters). */
export function stageCounts(rows: readonly AssignmentView[]): Record<AssignmentStage, number> {
  const counts = { offered: 0, accepted: 0, ended: 0 };
  for (const a of rows)
    for (const stage of Object.keys(STAGE_STATUSES) as AssignmentStage[])
      if (STAGE_STATUSES[stage].includes(a.status)) counts[stage]++;
  return counts;
}

/** One page of a tab: filtered here (NEEDED-APIS.md P1); offers by the soonest answer time limit. */
export function assignmentPage(
  rows: AssignmentRow[],
  filter: AssignmentFilter,
  paging: PageRequest,
): PageOf<AssignmentRow> {
  const due = (a: AssignmentRow) => (a.referral?.answerDueAt ? Date.parse(a.referral.answerDueAt) : Infinity);
  return pageOf<AssignmentRow>(
    { items: rows },
    paging,
    (a) =>
      STAGE_STATUSES[filter.stage].includes(a.status) &&
      (!filter.township || a.township.startsWith(filter.township)) &&
      (!filter.item || a.itemCode === filter.item) &&
      matches(a, filter.q),
    filter.stage === 'offered' ? (a, b) => due(a) - due(b) : undefined,
  );
}

export function useAssignment(referralId: string | undefined) {
  return useQuery({
    queryKey: [PROVIDER_KEY, 'assignment', referralId],
    queryFn: () =>
      answer<AssignmentView>(
        scheduling.GET('/assignments/{referralId}', { params: { path: { referralId: referralId! } } }),
      ),
    enabled: Boolean(referralId),
  });
}

export function useVisitsOf(referralId: string | undefined) {
  return useQuery({
    queryKey: [PROVIDER_KEY, 'visits', referralId],
    queryFn: () => visitsOf(referralId!),
    enabled: Boolean(referralId),
  });
}

async function visitsOf(referralId: string): Promise<VisitView[]> {
  const list = await answer<Paged<VisitView>>(
    scheduling.GET('/assignments/{referralId}/visits', { params: { path: { referralId } } }),
  );
  return list.items;
}

/** Runs `work` on each of `inputs`, at most `parallel` at once, answers in input order. */
async function inBatches<I, O>(inputs: readonly I[], parallel: number, work: (input: I) => Promise<O>): Promise<O[]> {
  const out: O[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      out[i] = await work(inputs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, inputs.length) }, worker));
  return out;
}

/** Every visit of the provider's assignments that have been accepted (open or ended), with their assignments. */
export interface ProviderVisits {
  visits: VisitView[];
  assignments: Map<string, AssignmentView>;
}

async function allVisits(): Promise<ProviderVisits> {
  const served = (await allAssignments()).filter((a) => a.status !== 'offered' && a.acceptedAt);
  const lists = await inBatches(served, PARALLEL, (a) => visitsOf(a.referralId));
  return { visits: lists.flat(), assignments: new Map(served.map((a) => [a.referralId, a])) };
}

export function useAllVisits() {
  return useQuery({ queryKey: [PROVIDER_KEY, 'all-visits'], queryFn: allVisits, staleTime: 30_000 });
}

// ---- changes ----

/** A change of the provider's work; on success every list of the provider's pages is read again. */
function useProviderMutation<V, R>(run: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [PROVIDER_KEY] }),
  });
}

/** 接单: provider-scheduling; referral follows (accepted) from the event. */
export const useAccept = () =>
  useProviderMutation((referralId: string) =>
    answer<AssignmentView>(
      scheduling.POST('/assignments/{referralId}/acceptance', { params: { path: { referralId } } }),
    ),
  );

/** 拒单 / 服务完成 / 无法服务: the referral's receiver actions the provider answers through referral. */
export const useReferralAnswer = () =>
  useProviderMutation(
    ({
      referralId,
      action,
      reason,
    }: {
      referralId: string;
      action: 'rejection' | 'completion' | 'failure';
      reason?: string;
    }) => {
      const body = reason ? { reason } : {};
      const path = { params: { path: { referralId } }, body };
      if (action === 'rejection')
        return answer<ReferralView>(api.referral.POST('/referrals/{referralId}/rejection', path));
      if (action === 'failure') return answer<ReferralView>(api.referral.POST('/referrals/{referralId}/failure', path));
      return answer<ReferralView>(api.referral.POST('/referrals/{referralId}/completion', path));
    },
  );

export const useScheduleVisit = () =>
  useProviderMutation(
    ({
      referralId,
      ...body
    }: {
      referralId: string;
      workerId: string;
      scheduledFor: string;
      durationMinutes?: number;
    }) =>
      answer<VisitView>(
        scheduling.POST('/assignments/{referralId}/visits', { params: { path: { referralId } }, body }),
      ),
  );

export const useRecordDelivery = () =>
  useProviderMutation(
    ({ visitId, deliveredAt, units, note }: { visitId: string; deliveredAt: string; units: number; note?: string }) =>
      answer<CheckedOutView>(
        scheduling.POST('/visits/{visitId}/delivery', {
          params: { path: { visitId } },
          body: { deliveredAt, units, ...(note ? { note } : {}) },
        }),
      ),
  );
