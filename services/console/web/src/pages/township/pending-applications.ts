import { answer, api } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { CompleteIdentity, PendingApplicationView, PendingStatus, RecordingPart } from './pending-identity-rules';

/** intake's pending applications (待核实身份) as the township's screens call them, through the BFF. */

/**
 * The township's applications in a state, as intake answers them: the jurisdiction's newest, at most
 * PENDING_LIST_LIMIT (the read is audited: the numbers are read to call back). Filtered and paged by `pendingPage`,
 * so changing a filter reads nothing again.
 */
export async function listPendingApplications(status: PendingStatus): Promise<PendingApplicationView[]> {
  const { items } = await answer<{ items: PendingApplicationView[] }>(
    api.intake.GET('/pending-applications', { params: { query: { status } } }),
  );
  return items;
}

/** A caller's recording (their name or their need), as stored; the read is audited by intake. */
export async function readRecording(applicationId: string, part: RecordingPart, signal?: AbortSignal): Promise<Blob> {
  const { data } = await api.intake.GET('/pending-applications/{applicationId}/recordings/{part}', {
    params: { path: { applicationId, part } },
    parseAs: 'blob',
    ...(signal ? { signal } : {}),
  });
  return data as unknown as Blob;
}

/** What completing answers: the request registered (or the open request it was merged into). */
export interface CompletionOutcome {
  applicationId: string;
  status: 'registered' | 'merged';
  caseId: string;
  caseNumber: string;
}

export function completeIdentity(applicationId: string, completion: CompleteIdentity): Promise<CompletionOutcome> {
  return answer<CompletionOutcome>(
    api.intake.POST('/pending-applications/{applicationId}/completion', {
      params: { path: { applicationId } },
      body: completion,
    }),
  );
}

/**
 * Waits until assessment has opened the case of a request just registered (from intake's event): true once it
 * reads it, false when it did not within the tries (the page then says so instead of "not found").
 */
export async function caseOpened(caseId: string, tries = 30, everyMs = 500): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    try {
      await api.assessment.GET('/cases/{caseId}', { params: { path: { caseId } } });
      return true;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return false;
}
