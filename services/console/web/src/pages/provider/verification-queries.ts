import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer } from '../../api/client';
import { problemFrom } from '../../api/problem';
import { currentCsrfToken, sessionEnded } from '../../api/session-events';
import { PROVIDER_KEY } from './queries';
import { scheduling } from './service-clients';
import type { CheckedOutView, VisitView } from './views';

/** Where the phone is, as the browser's geolocation gives it (none: refused, unavailable or too slow). */
export interface PhonePosition {
  lat: number;
  lng: number;
  accuracyMeters?: number;
}

/** Asks the browser for the phone's position once (10 s at most); resolves undefined when it gives none. */
export function readPosition(): Promise<PhonePosition | undefined> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(undefined);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lat: p.coords.latitude,
          lng: p.coords.longitude,
          ...(Number.isFinite(p.coords.accuracy) ? { accuracyMeters: p.coords.accuracy } : {}),
        }),
      () => resolve(undefined),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    ),
  );
}

/** One visit (provider-scheduling `GET /visits/:visitId`). */
export function useVisit(visitId: string | undefined) {
  return useQuery({
    queryKey: [PROVIDER_KEY, 'visit', visitId],
    queryFn: () => answer<VisitView>(scheduling.GET('/visits/{visitId}', { params: { path: { visitId: visitId! } } })),
    enabled: Boolean(visitId),
  });
}

function useVisitMutation<V, R>(run: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [PROVIDER_KEY] }),
  });
}

/** 签到: the time is the platform's; the position the phone's, if it gave one. */
export const useCheckIn = () =>
  useVisitMutation(({ visitId, position }: { visitId: string; position?: PhonePosition }) =>
    answer<VisitView>(
      scheduling.POST('/visits/{visitId}/check-in', {
        params: { path: { visitId } },
        body: position ? { position } : {},
      }),
    ),
  );

/** 签退: tasks done, units, note; answers the visit with its one-time code the first time. */
export const useCheckOut = () =>
  useVisitMutation(
    ({
      visitId,
      position,
      tasksDone,
      units,
      note,
    }: {
      visitId: string;
      position?: PhonePosition;
      tasksDone: string[];
      units: number;
      note?: string;
    }) =>
      answer<CheckedOutView>(
        scheduling.POST('/visits/{visitId}/check-out', {
          params: { path: { visitId } },
          body: { ...(position ? { position } : {}), tasksDone, units, ...(note ? { note } : {}) },
        }),
      ),
  );

/** Uploads a photo of a checked-in visit (raw body, its own type), through the BFF with the CSRF header. */
export async function uploadVisitPhoto(visitId: string, file: Blob): Promise<{ photoId: string }> {
  const headers: Record<string, string> = {
    'content-type': file.type || 'application/octet-stream',
    accept: 'application/json',
  };
  const token = currentCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  const response = await fetch(`/api/provider-scheduling/visits/${encodeURIComponent(visitId)}/photos`, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: file,
  });
  if (!response.ok) {
    const error = await problemFrom(response);
    if (response.status === 401) sessionEnded();
    throw error;
  }
  return (await response.json()) as { photoId: string };
}

/** A visit's photo (audited by provider-scheduling) as a blob the page shows from memory. */
export async function fetchVisitPhoto(visitId: string, photoId: string): Promise<Blob> {
  const response = await fetch(
    `/api/provider-scheduling/visits/${encodeURIComponent(visitId)}/photos/${encodeURIComponent(photoId)}`,
    { credentials: 'same-origin' },
  );
  if (!response.ok) {
    const error = await problemFrom(response);
    if (response.status === 401) sessionEnded();
    throw error;
  }
  return response.blob();
}

/** 登记纸质确认 (township): the recipient's signed slip, while the confirmation is open. */
export const usePaperConfirmation = () =>
  useVisitMutation(({ visitId, reason }: { visitId: string; reason: string }) =>
    answer<VisitView>(
      scheduling.POST('/visits/{visitId}/paper-confirmation', { params: { path: { visitId } }, body: { reason } }),
    ),
  );
