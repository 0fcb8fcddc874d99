import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer } from '../../api/client';
import { scheduling } from '../provider/service-clients';

/** What the 邻里互助·爱心门铃 page reads and changes (provider-scheduling, through the BFF). */
export const NEIGHBOUR_KEY = 'neighbour-help';

export interface Training {
  course: string;
  date: string;
  hours: number;
}
export interface Pairing {
  pairingId: string;
  personName: string;
  caseNumber?: string;
}
export interface NeighbourView {
  neighbourId: string;
  village: string;
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
  training: Training[];
  pairings: Pairing[];
  trained: boolean;
  chatLinkedAt?: string;
}
export interface VisitCount {
  neighbourId: string;
  name: string;
  village: string;
  visits: number;
  people: number;
  byMonth: Record<string, number>;
}
export interface DeviceView {
  deviceId: string;
  village: string;
  person: { name: string; place: string; caseNumber?: string };
  neighbourIds: string[];
  openAlertId?: string;
}
export type AlertStatus = 'raised' | 'acknowledged' | 'escalated' | 'closed';
export type AlertOutcome = 'safe' | 'needed_help' | 'false_alarm';
export interface AlertStep {
  at: string;
  what: 'raised' | 'pressed_again' | 'delivered' | 'not_delivered' | 'acknowledged' | 'escalated' | 'closed';
  who?: string;
  note?: string;
}
export interface AlertView {
  alertId: string;
  deviceId: string;
  village: string;
  person: { name: string; place: string };
  recipients: { kind: 'neighbour' | 'coordinator'; id: string; name: string }[];
  status: AlertStatus;
  raisedAt: string;
  escalateAt: string;
  acknowledged?: { by: { name: string }; at: string };
  closed?: { outcome: AlertOutcome; note?: string; by: string; at: string };
  timeline: AlertStep[];
}
export interface LinkCode {
  code: string;
  startCommand: string;
  expiresAt: string;
}

function useChange<V, R>(run: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [NEIGHBOUR_KEY] }),
  });
}

/** The alerts of the jurisdiction, polled every five seconds: an escalation shows without a reload. */
export const useAlerts = () =>
  useQuery({
    queryKey: [NEIGHBOUR_KEY, 'alerts'],
    queryFn: async () =>
      (await answer<{ items: AlertView[] }>(scheduling.GET('/alerts', { params: { query: {} } }))).items,
    refetchInterval: 5000,
  });

export const useNeighbours = () =>
  useQuery({
    queryKey: [NEIGHBOUR_KEY, 'neighbours'],
    queryFn: async () =>
      (await answer<{ items: NeighbourView[] }>(scheduling.GET('/neighbours', { params: { query: {} } }))).items,
  });

export const useVisitCounts = (year: string) =>
  useQuery({
    queryKey: [NEIGHBOUR_KEY, 'counts', year],
    queryFn: async () =>
      (
        await answer<{ items: VisitCount[] }>(
          scheduling.GET('/neighbour-visits/counts', { params: { query: { year } } }),
        )
      ).items,
  });

export const useDevices = () =>
  useQuery({
    queryKey: [NEIGHBOUR_KEY, 'devices'],
    queryFn: async () => (await answer<{ items: DeviceView[] }>(scheduling.GET('/doorbell/devices'))).items,
  });

export const useRegisterNeighbour = () =>
  useChange((body: { village: string; name: string; idNumber: string; phone: string; training: Training[] }) =>
    answer<NeighbourView>(scheduling.POST('/neighbours', { body })),
  );

export const useNeighbourTraining = () =>
  useChange(({ neighbourId, ...body }: Training & { neighbourId: string }) =>
    answer<NeighbourView>(
      scheduling.POST('/neighbours/{neighbourId}/training', { params: { path: { neighbourId } }, body }),
    ),
  );

export const usePairNeighbour = () =>
  useChange(({ neighbourId, ...body }: { neighbourId: string; personName: string; caseNumber?: string }) =>
    answer<NeighbourView>(
      scheduling.POST('/neighbours/{neighbourId}/pairings', { params: { path: { neighbourId } }, body }),
    ),
  );

export const useNeighbourVisit = () =>
  useChange(({ neighbourId, ...body }: { neighbourId: string; date: string; pairingId: string; content: string }) =>
    answer<unknown>(
      scheduling.POST('/neighbours/{neighbourId}/visits', {
        params: { path: { neighbourId } },
        body: { ...body, itemCode: 'CZ-LL-01' },
      }),
    ),
  );

export const useNeighbourLinkCode = () =>
  useChange((neighbourId: string) =>
    answer<LinkCode>(
      scheduling.POST('/neighbours/{neighbourId}/chat-link-code', { params: { path: { neighbourId } } }),
    ),
  );

export const useMyLinkCode = () => useChange(() => answer<LinkCode>(scheduling.POST('/coordinator/chat-link-code')));

export const useRegisterDevice = () =>
  useChange(
    (body: { deviceId: string; village: string; person: { name: string; place: string }; neighbourIds: string[] }) =>
      answer<{ device: DeviceView; secret: string }>(scheduling.POST('/doorbell/devices', { body })),
  );

export const useCloseAlert = () =>
  useChange(({ alertId, ...body }: { alertId: string; outcome: AlertOutcome; note?: string }) =>
    answer<AlertView>(scheduling.POST('/alerts/{alertId}/closure', { params: { path: { alertId } }, body })),
  );
