import type { StaffPrincipal } from '@carelink/auth';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { handleReceiveComplaint, type ReceiveDeps } from '../../domain/receive-complaint/handle-receive-complaint';
import type { ReceiveComplaintParsed, ReceiveOutcome } from '../../domain/receive-complaint/receive-complaint';

const IDEMPOTENCY_NAMESPACE = '3d4c5b6a-7e8f-4a1b-9c2d-0e1f2a3b4c5d';

/** The complaint id a caller's Idempotency-Key stands for: the same key from the same caller, the same complaint. */
export function complaintIdFor(callerId: string, idempotencyKey: string): string {
  return uuidv5(`${callerId}|${idempotencyKey}`, IDEMPOTENCY_NAMESPACE);
}

/**
 * Receives a complaint over HTTP (staff API or Open311): with an Idempotency-Key, a repeated submission (a bot
 * retrying after a timeout) is answered with the complaint the first one made.
 */
export function receiveWith(deps: ReceiveDeps) {
  return (command: ReceiveComplaintParsed, principal: StaffPrincipal, key?: string): Promise<ReceiveOutcome> => {
    const complaintId = key ? complaintIdFor(principal.sub, key) : uuidv7();
    return handleReceiveComplaint(complaintId, command, principal, deps);
  };
}
