import type { StaffPrincipal } from '@carelink/auth';
import { AppError } from '@carelink/http';
import { v7 as uuidv7 } from 'uuid';
import type { CaseDirectory } from '../../data-access/case-directory';
import type { ComplaintRepository } from '../../data-access/complaint-repository';
import type { ComplaintStatus } from '../complaint';
import { complaintSequenceScope, receiveComplaint, type ReceiveComplaint } from './receive-complaint';

export interface ReceiveOutcome {
  complaintId: string;
  complaintNumber: string;
  status: ComplaintStatus;
  acknowledgement: { zh: string; en: string };
}

export interface ReceiveDeps {
  cases: Pick<CaseDirectory, 'get'>;
  complaints: Pick<ComplaintRepository, 'nextSequence' | 'insert'>;
  now: () => Date;
  traceparent: () => string | undefined;
  assertInJurisdiction: (code: string) => void;
}

/** ReceiveComplaint use case: the case must be known; staff must have it in their jurisdiction; number, record, event. */
export async function handleReceiveComplaint(
  command: ReceiveComplaint,
  principal: StaffPrincipal,
  deps: ReceiveDeps,
): Promise<ReceiveOutcome> {
  const knownCase = await deps.cases.get(command.caseId);
  if (!knownCase)
    throw AppError.unprocessable(
      'unknown_case',
      `case ${command.caseId} is not known (yet)`,
      '未找到该申请，请核对受理编号',
    );
  if (principal.role !== 'channel_adapter') deps.assertInJurisdiction(knownCase.township);
  const now = deps.now();
  const sequence = await deps.complaints.nextSequence(complaintSequenceScope(now));
  const { complaint, events, acknowledgement } = receiveComplaint({
    complaintId: uuidv7(),
    sequence,
    command,
    knownCase,
    receivedBy: principal.sub,
    now,
    traceparent: deps.traceparent(),
  });
  await deps.complaints.insert(complaint, events);
  return {
    complaintId: complaint.complaintId,
    complaintNumber: complaint.complaintNumber,
    status: complaint.status,
    acknowledgement,
  };
}
