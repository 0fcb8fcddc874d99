import { DomainError, freeText, nationalPhoneNumber, phoneNumber, regionId } from '@carelink/contracts';
import { placeOf, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { townshipCode } from '../place-codes';
import { registerRequestCommand, type RegisterRequest } from '../register-request/register-request';

/**
 * A first-time caller's application by phone, awaiting identity (待核实身份): the hotline IVR could not know
 * who they are (no file, no code texted to a phone on file), so it keeps what they said — their name and their
 * need, as recordings — the township they chose and the number they called from. It is not a request yet: no
 * ID number, so no person's file, no case and no `request.registered` event. The township calls the caller back,
 * completes who they are (name, ID number, status, items) and the application becomes a request like any other.
 */
export const applyPendingIdentityCommand = z.object({
  region: regionId,
  channel: z.literal('ivr'),
  /** The number the caller called from: the township calls it back. */
  callerPhone: phoneNumber,
  township: townshipCode,
  /** The provider's call id: one application per call, however often it is submitted. */
  callId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'a call id'),
});
export type ApplyPendingIdentity = z.output<typeof applyPendingIdentityCommand>;

/** The recordings a first-time caller leaves: their name, and what they need. */
export const recordingPart = z.enum(['name', 'need']);
export type RecordingPart = z.infer<typeof recordingPart>;

export type PendingApplicationStatus = 'awaiting_identity' | 'completed';

export interface PendingApplication {
  applicationId: string;
  applicationNumber: string;
  region: string;
  channel: 'ivr';
  county: string;
  township: string;
  /** National form; data-access seals it at rest. */
  callerPhone: string;
  callId: string;
  /** Attachment ids of the recordings, once delivered. */
  recordings: Partial<Record<RecordingPart, string>>;
  status: PendingApplicationStatus;
  receivedAt: Date;
  receivedBy: string;
  /** The request the township made of it, by whom and when. */
  completion?: { caseId: string; caseNumber: string; by: string; at: Date };
}

/** Application numbers read like CZ341702-2026-D00012: region prefix, county, year, D (待核) and a sequence. */
export function formatApplicationNumber(prefix: string, county: string, year: number, sequence: number): string {
  return `${prefix}${county}-${year}-D${String(sequence).padStart(5, '0')}`;
}

/** The counter application numbers of a county and year are drawn from. */
export function applicationSequenceScope(prefix: string, county: string, year: number): string {
  return `${prefix}-${county}-${year}-pending`;
}

/** Checks an application against the region's pack: the township is the region's. */
export function checkPendingApplication(command: ApplyPendingIdentity, pack: PolicyPack | undefined) {
  if (!pack)
    throw DomainError.invalid('unknown_region', `region ${command.region} has no policy pack`, '所在地区尚未开通服务');
  const place = placeOf(pack, command.township);
  if (!place)
    throw DomainError.invalid(
      'unknown_place',
      `township ${command.township} is not in ${pack.name.en}`,
      '所选乡镇(街道)不在本地区',
    );
  return { pack, county: place.county.code };
}

/** A new application awaiting identity, as receiving it decides it. */
export function newPendingApplication(input: {
  applicationId: string;
  command: ApplyPendingIdentity;
  county: string;
  prefix: string;
  sequence: number;
  receivedBy: string;
  now: Date;
}): PendingApplication {
  const { command, now } = input;
  return {
    applicationId: input.applicationId,
    applicationNumber: formatApplicationNumber(input.prefix, input.county, now.getUTCFullYear(), input.sequence),
    region: command.region,
    channel: command.channel,
    county: input.county,
    township: command.township,
    callerPhone: nationalPhoneNumber(command.callerPhone),
    callId: command.callId,
    recordings: {},
    status: 'awaiting_identity',
    receivedAt: now,
    receivedBy: input.receivedBy,
  };
}

/**
 * What the township completes on the call back: who the caller is and what they apply for, as at the window. The
 * township, the channel and the phone come from the application.
 */
export const completeIdentityCommand = z.object({
  applicant: z.object({ name: freeText().trim().min(1).max(50), idNumber: z.string().trim().min(1) }),
  village: z.string().optional(),
  addressDetail: z.string().max(200).optional(),
  declaredGroups: registerRequestCommand.shape.declaredGroups,
  declaredStatus: registerRequestCommand.shape.declaredStatus,
  items: registerRequestCommand.shape.items,
  description: freeText().max(2000).optional(),
  consentToShare: z.boolean().default(false),
});
export type CompleteIdentity = z.output<typeof completeIdentityCommand>;

/** An application the township may still complete; refused once it was made a request. */
export function assertAwaitingIdentity(application: PendingApplication): void {
  if (application.status !== 'awaiting_identity')
    throw DomainError.conflict(
      'already_completed',
      `application ${application.applicationNumber} was completed as case ${application.completion?.caseNumber ?? ''}`,
      `该申请已核实身份，受理编号 ${application.completion?.caseNumber ?? ''}`,
    );
}

/** The request the completed application registers: a phone (ivr) request from the caller's number. */
export function registrationOf(application: PendingApplication, completion: CompleteIdentity): RegisterRequest {
  return registerRequestCommand.parse({
    region: application.region,
    channel: application.channel,
    applicant: { ...completion.applicant, phone: application.callerPhone },
    address: {
      township: application.township,
      ...(completion.village ? { village: completion.village } : {}),
      ...(completion.addressDetail ? { detail: completion.addressDetail } : {}),
    },
    declaredGroups: completion.declaredGroups,
    ...(completion.declaredStatus ? { declaredStatus: completion.declaredStatus } : {}),
    items: completion.items,
    description:
      completion.description ??
      `热线电话首次申请（登记编号 ${application.applicationNumber}），身份经回电核实，需求见录音附件`,
    consentToShare: completion.consentToShare,
  });
}
