import type { StaffPrincipal } from '@carelink/auth';
import { AppError } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { CaseDirectory } from '../../data-access/case-directory';
import type { ComplaintRepository } from '../../data-access/complaint-repository';
import type { ComplaintStatus, KnownCase } from '../complaint';
import { complaintSequenceScope, receiveComplaint, type ReceiveComplaintParsed } from './receive-complaint';

export interface ReceiveOutcome {
  complaintId: string;
  complaintNumber: string;
  status: ComplaintStatus;
  acknowledgement: { zh: string; en: string };
}

export interface ReceiveDeps {
  cases: Pick<CaseDirectory, 'get' | 'getByNumber'>;
  complaints: Pick<ComplaintRepository, 'nextSequence' | 'insert' | 'get'>;
  policies: Pick<PolicyPacks, 'get'>;
  /** Ids among the given attachments that are not stored. */
  missingAttachments: (ids: string[]) => Promise<string[]>;
  /** Encrypts the reporter's identity for storage. */
  seal: (plain: string) => string;
  now: () => Date;
  traceparent: () => string | undefined;
  assertInJurisdiction: (code: string) => void;
}

/**
 * ReceiveComplaint use case: a named case must be known (by id or number) and of the caller's region;
 * staff need the township in their jurisdiction (a channel adapter acts for the resident); attachments
 * must have been uploaded; the reporter's identity is sealed unless anonymous; number, record, events.
 */
const IDEMPOTENCY_NAMESPACE = '3d4c5b6a-7e8f-4a1b-9c2d-0e1f2a3b4c5d';

/** The complaint id a caller's Idempotency-Key stands for: the same key from the same caller, the same complaint. */
export function complaintIdFor(callerId: string, idempotencyKey: string): string {
  return uuidv5(`${callerId}|${idempotencyKey}`, IDEMPOTENCY_NAMESPACE);
}

/**
 * With an idempotency key, a repeated submission (a bot retrying after a timeout) returns the complaint the
 * first one made (`replayed: true`) instead of a second complaint.
 */
export async function handleReceiveComplaint(
  command: ReceiveComplaintParsed,
  principal: StaffPrincipal,
  deps: ReceiveDeps,
  idempotencyKey?: string,
): Promise<ReceiveOutcome & { replayed?: boolean }> {
  const complaintId = idempotencyKey ? complaintIdFor(principal.sub, idempotencyKey) : uuidv7();
  const replay = async () => {
    const existing = idempotencyKey ? await deps.complaints.get(complaintId) : null;
    return existing
      ? {
          complaintId,
          complaintNumber: existing.complaintNumber,
          status: existing.status,
          acknowledgement: {
            zh: `您的投诉已受理，编号 ${existing.complaintNumber}。`,
            en: `Your complaint was received as ${existing.complaintNumber}.`,
          },
          replayed: true,
        }
      : null;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  if (command.region !== principal.region)
    throw AppError.forbidden(
      'outside_region',
      `you act for ${principal.region}, not ${command.region}`,
      '不能受理其他地区的投诉',
    );
  const pack = deps.policies.get(command.region);
  if (!pack) throw AppError.unprocessable('unknown_region', `region ${command.region} has no policy pack`, '未知地区');
  let knownCase: KnownCase | null = null;
  const { caseId, caseNumber } = command.about;
  if (caseId || caseNumber) {
    knownCase = caseId ? await deps.cases.get(caseId) : await deps.cases.getByNumber(caseNumber!);
    if (
      !knownCase ||
      knownCase.region !== command.region ||
      (caseId && caseNumber && knownCase.caseNumber !== caseNumber)
    )
      throw AppError.unprocessable(
        'unknown_case',
        `case ${caseId ?? caseNumber} is not known (yet)`,
        '未找到该申请，请核对受理编号',
      );
  }
  const township = knownCase?.township ?? command.about.township;
  if (principal.role !== 'channel_adapter' && township) deps.assertInJurisdiction(township);
  const missing = await deps.missingAttachments(command.attachmentIds);
  if (missing.length > 0)
    throw AppError.unprocessable(
      'unknown_attachment',
      `attachments not uploaded: ${missing.join(', ')}`,
      '附件不存在，请重新上传',
    );
  const now = deps.now();
  const sequence = await deps.complaints.nextSequence(complaintSequenceScope(now));
  const reporter = command.anonymous ? undefined : command.reporter;
  const { complaint, events, acknowledgement } = receiveComplaint({
    complaintId,
    sequence,
    command,
    knownCase,
    pack,
    ...(reporter && Object.keys(reporter).length > 0 ? { reporterSealed: deps.seal(JSON.stringify(reporter)) } : {}),
    receivedBy: principal.sub,
    now,
    traceparent: deps.traceparent(),
  });
  try {
    await deps.complaints.insert(complaint, events);
  } catch (err) {
    // Two deliveries with one key at the same time: the other one made it.
    const other = (err as { code?: number }).code === 11000 ? await replay() : null;
    if (other) return other;
    throw err;
  }
  return {
    complaintId: complaint.complaintId,
    complaintNumber: complaint.complaintNumber,
    status: complaint.status,
    acknowledgement,
  };
}
