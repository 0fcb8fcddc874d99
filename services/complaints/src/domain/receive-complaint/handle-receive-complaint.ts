import type { StaffPrincipal } from '@carelink/auth';
import type { Commits, Complaint, KnownCase } from '../complaint';
import {
  checkReceivable,
  complaintSequenceScope,
  receiveComplaint,
  replayOf,
  type ReceiveComplaintParsed,
  type ReceiveOutcome,
} from './receive-complaint';

/** The cases a complaint can name (the case directory, learnt from intake's registrations). */
export interface KnownCases {
  get(caseId: string): Promise<KnownCase | null>;
  getByNumber(caseNumber: string): Promise<KnownCase | null>;
}

/** Where new complaints get their numbers. */
export interface ComplaintNumbers {
  /** The next number of a daily sequence for a complaint received at `receivedAt` (listings learn its month). */
  nextSequence(scope: string, receivedAt: Date): Promise<number>;
}

export interface ReceiveDeps {
  complaints: Commits<Complaint>;
  numbers: ComplaintNumbers;
  cases: KnownCases;
  /** Ids among the given attachments that are not stored. */
  missingAttachments: (ids: string[]) => Promise<string[]>;
  /** Encrypts the reporter's identity for storage. */
  seal: (plain: string) => string;
}

/**
 * ReceiveComplaint use case: look up the named case and the attachments, seal the reporter (unless
 * anonymous), then check, number and record the complaint in one commit. The caller gives the id: a repeated
 * submission (the same Idempotency-Key) finds the complaint the first one made and is answered with it
 * (`replayed`), also when both arrive at once (the port decides again on what the other one wrote). The day's
 * number is drawn inside the commit, after the checks (a refused complaint leaves no gap), for the day the
 * complaint is received on.
 */
export async function handleReceiveComplaint(
  complaintId: string,
  command: ReceiveComplaintParsed,
  principal: StaffPrincipal,
  deps: ReceiveDeps,
): Promise<ReceiveOutcome> {
  const { caseId, caseNumber } = command.about;
  const knownCase = caseId
    ? await deps.cases.get(caseId)
    : caseNumber
      ? await deps.cases.getByNumber(caseNumber)
      : null;
  const found = { knownCase, missingAttachments: await deps.missingAttachments(command.attachmentIds) };
  const reporter = command.anonymous ? undefined : command.reporter;
  const reporterSealed = reporter && Object.keys(reporter).length > 0 ? deps.seal(JSON.stringify(reporter)) : undefined;
  return deps.complaints.commit(complaintId, async (current, ctx) => {
    if (current) return { result: replayOf(current) };
    const pack = checkReceivable(command, principal, found, ctx.policies);
    const sequence = await deps.numbers.nextSequence(complaintSequenceScope(ctx.now), ctx.now);
    const receivedBy = principal.sub;
    return receiveComplaint({ complaintId, sequence, command, knownCase, pack, reporterSealed, receivedBy }, ctx);
  });
}
