import type { Decision } from '@carelink/contracts';
import type { RequestStatus } from '../register-request/register-request';
import { nextProgress, type ProgressFact, type ResidentProgress } from './resident-progress';

/** What following a case changes on its request: whether it is still open, and where it stands for the resident. */
export interface FollowedRequest {
  status: RequestStatus;
  progress?: ResidentProgress;
}

/**
 * FollowProgress, decided: a step of the case (from assessment, referral or scheduling) moves the request's
 * progress on, and a decision closes the request for merging. A request intake did not register, and a fact
 * that changes nothing (a redelivered event, an earlier stage arriving late), write nothing.
 */
export function decideProgress(current: FollowedRequest | undefined, fact: ProgressFact): Decision<FollowedRequest> {
  if (!current) return {};
  const status: RequestStatus = fact.kind === 'decided' ? 'decided' : current.status;
  const progress = nextProgress(current.progress, fact);
  if (status === current.status && current.progress && sameProgress(progress, current.progress)) return {};
  return { state: { status, progress } };
}

function sameProgress(a: ResidentProgress, b: ResidentProgress): boolean {
  const sameItems = (x: readonly string[] = [], y: readonly string[] = []) =>
    x.length === y.length && x.every((code, i) => code === y[i]);
  return (
    a.stage === b.stage &&
    a.at === b.at &&
    sameItems(a.approvedItems, b.approvedItems) &&
    sameItems(a.stoppedItems, b.stoppedItems) &&
    sameItems(a.completedItems, b.completedItems) &&
    JSON.stringify(a.recentVisits ?? []) === JSON.stringify(b.recentVisits ?? []) &&
    JSON.stringify(a.providers ?? []) === JSON.stringify(b.providers ?? [])
  );
}
