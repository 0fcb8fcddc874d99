import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Paged } from '../../api/views';
import { PROVIDER_KEY } from './queries';
import { scheduling } from './service-clients';
import type { PlanStatus, PlanView, VisitView, WorkerLinkCode, WorkerView } from './views';

/** What the pages of workers and service plans read and change (provider-scheduling); the township's review too. */

export const PLANS_KEY = 'plans';

function useChange<V, R>(run: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [PROVIDER_KEY] });
      await queryClient.invalidateQueries({ queryKey: [PLANS_KEY] });
    },
  });
}

export function useWorkers() {
  return useQuery({
    queryKey: [PROVIDER_KEY, 'workers'],
    queryFn: async () => (await answer<Paged<WorkerView>>(scheduling.GET('/workers', { params: { query: {} } }))).items,
  });
}

export interface TrainingInput {
  course: string;
  date: string;
  hours: number;
}

export interface WorkerInput {
  name: string;
  idNumber: string;
  phone: string;
  qualifications: string[];
  itemCodes: string[];
  training: TrainingInput[];
}

export const useRegisterWorker = () =>
  useChange((body: WorkerInput) => answer<WorkerView>(scheduling.POST('/workers', { body })));

export const useRecordTraining = () =>
  useChange(({ workerId, ...body }: TrainingInput & { workerId: string }) =>
    answer<WorkerView>(scheduling.POST('/workers/{workerId}/training', { params: { path: { workerId } }, body })),
  );

/** A one-time code the worker sends the bot (`/worker wk-…`) so reminders of their visits reach their chat. */
export const useWorkerLinkCode = () =>
  useChange((workerId: string) =>
    answer<WorkerLinkCode>(scheduling.POST('/workers/{workerId}/chat-link-code', { params: { path: { workerId } } })),
  );

/** Unlinks the worker's chat: reminders stop. */
export const useUnlinkWorkerChat = () =>
  useChange((workerId: string) =>
    answer<WorkerView>(scheduling.DELETE('/workers/{workerId}/chat-link', { params: { path: { workerId } } })),
  );

export function usePlan(referralId: string | undefined) {
  return useQuery({
    queryKey: [PLANS_KEY, 'plan', referralId],
    queryFn: () =>
      answer<PlanView>(
        scheduling.GET('/assignments/{referralId}/plan', { params: { path: { referralId: referralId! } } }),
      ).catch((e: unknown) => {
        // No plan yet: none.
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    enabled: Boolean(referralId),
  });
}

export function usePlans(status?: PlanStatus) {
  return useQuery({
    queryKey: [PLANS_KEY, 'list', status],
    queryFn: async () =>
      (
        await answer<Paged<PlanView>>(
          scheduling.GET('/plans', { params: { query: { ...(status ? { status } : {}), limit: 500 } } }),
        )
      ).items,
  });
}

export interface PlanInput {
  rrule: string;
  startDate: string;
  endDate: string;
  durationMinutes: number;
  tasks: string[];
  workerId: string;
  reason?: string;
  /** The recipient's home (WGS 84), to measure check-ins against. */
  home?: { lat: number; lng: number };
}

export const useProposePlan = () =>
  useChange(({ referralId, ...body }: PlanInput & { referralId: string }) =>
    answer<PlanView>(scheduling.POST('/assignments/{referralId}/plan', { params: { path: { referralId } }, body })),
  );

export const useApprovePlan = () =>
  useChange((referralId: string) =>
    answer<{ plan: PlanView; generation: { scheduled: number; existing: number; unassigned: { start: string }[] } }>(
      scheduling.POST('/assignments/{referralId}/plan/approval', { params: { path: { referralId } } }),
    ),
  );

export const useReturnPlan = () =>
  useChange(({ referralId, reason }: { referralId: string; reason: string }) =>
    answer<PlanView>(
      scheduling.POST('/assignments/{referralId}/plan/return', { params: { path: { referralId } }, body: { reason } }),
    ),
  );

export const useRescheduleVisit = () =>
  useChange(({ visitId, ...body }: { visitId: string; scheduledFor: string; workerId?: string; reason: string }) =>
    answer<VisitView>(scheduling.POST('/visits/{visitId}/reschedule', { params: { path: { visitId } }, body })),
  );

export const useCancelVisit = () =>
  useChange(({ visitId, reason }: { visitId: string; reason: string }) =>
    answer<VisitView>(
      scheduling.POST('/visits/{visitId}/cancellation', { params: { path: { visitId } }, body: { reason } }),
    ),
  );
