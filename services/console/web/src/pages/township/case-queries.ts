import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../../api/client';
import { COUNTY_KEY } from '../county/queries';
import type {
  AttachmentView,
  CaseView,
  ComplaintView,
  ContractView,
  EligibilityView,
  Paged,
  ReferralView,
  RequestView,
} from '../../api/views';

/** Everything the case page reads, keyed under ['case', caseId] so one invalidation refreshes it all. */
export const caseKey = (caseId: string) => ['case', caseId] as const;

export function useCase(caseId: string | undefined) {
  return useQuery({
    queryKey: [...caseKey(caseId ?? ''), 'case'],
    queryFn: () => answer<CaseView>(api.assessment.GET('/cases/{caseId}', { params: { path: { caseId: caseId! } } })),
    enabled: Boolean(caseId),
  });
}

export function useRequest(caseId: string | undefined) {
  return useQuery({
    queryKey: [...caseKey(caseId ?? ''), 'request'],
    queryFn: () => answer<RequestView>(api.intake.GET('/requests/{caseId}', { params: { path: { caseId: caseId! } } })),
    enabled: Boolean(caseId),
  });
}

export function useAttachments(caseId: string | undefined) {
  return useQuery({
    queryKey: [...caseKey(caseId ?? ''), 'attachments'],
    queryFn: () =>
      answer<Paged<AttachmentView>>(
        api.intake.GET('/requests/{caseId}/attachments', { params: { path: { caseId: caseId! } } }),
      ),
    enabled: Boolean(caseId),
  });
}

export function useEligibility(caseId: string | undefined) {
  return useQuery({
    queryKey: [...caseKey(caseId ?? ''), 'eligibility'],
    queryFn: () =>
      answer<EligibilityView>(
        api.assessment.GET('/cases/{caseId}/eligibility', { params: { path: { caseId: caseId! } } }),
      ),
    enabled: Boolean(caseId),
  });
}

export function useCaseReferrals(caseId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...caseKey(caseId ?? ''), 'referrals'],
    queryFn: () =>
      answer<Paged<ReferralView>>(api.referral.GET('/referrals', { params: { query: { caseId: caseId! } } })),
    enabled: Boolean(caseId) && enabled,
  });
}

export function useCaseComplaints(caseId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...caseKey(caseId ?? ''), 'complaints'],
    queryFn: () =>
      answer<Paged<ComplaintView>>(api.complaints.GET('/complaints', { params: { query: { caseId: caseId! } } })),
    enabled: Boolean(caseId) && enabled,
  });
}

export function useContracts(enabled = true) {
  return useQuery({
    queryKey: ['referral', 'contracts'],
    queryFn: () => answer<Paged<ContractView>>(api.referral.GET('/contracts')),
    staleTime: 10 * 60 * 1000,
    enabled,
  });
}

/**
 * A change to the case; on success everything of the case and the worklists — the township's and the county's
 * (a county approval takes the case off its approvals) — is read again.
 */
export function useCaseMutation<V, R>(run: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['case'] }),
        queryClient.invalidateQueries({ queryKey: ['township'] }),
        queryClient.invalidateQueries({ queryKey: [COUNTY_KEY] }),
      ]);
    },
  });
}
