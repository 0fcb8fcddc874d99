import { covers, type StaffPrincipal } from '@carelink/auth';
import { v5 as uuidv5 } from 'uuid';
import type { IntakeContext, Records } from '../intake-records';
import { decideApplicantFile, identityPathOf, type ApplicantFile, type FiledApplicant } from './file-applicant';
import {
  decideMerge,
  decideRegistration,
  formatCaseNumber,
  planRegistration,
  replayOf,
  validateRequest,
  type OpenRequest,
  type RegisterOutcome,
  type RegisterRequest,
  type ServiceRequest,
} from './register-request';

/** Persons' files, as registering needs them. */
export interface ApplicantFiles {
  /** The person id an ID number stands for (a keyed pseudonym). */
  personIdOf(idNumber: string): string;
  /** Persons' files as registering changes them (identity, place, phones). */
  files: Records<ApplicantFile>;
  /** Runs `work` while no other registration for this person runs. */
  serialised<T>(personId: string, work: () => Promise<T>): Promise<T>;
}

/** Staff changed who a person is at the window: the change goes to the audit trail. */
export type IdentityChangeAudit = (change: {
  personId: string;
  fields: FiledApplicant['changed'];
  by: StaffPrincipal;
  township: string;
}) => Promise<void>;

/** What registering reads besides the request it writes. */
export interface RegistrationLookups {
  /** The person's requests not decided yet. */
  openRequestsOf(personId: string): Promise<OpenRequest[]>;
  /** Any request by its case id (open or not), or null. */
  requestOf(caseId: string): Promise<OpenRequest | null>;
  /** The next number of a case-number sequence. */
  nextSequence(scope: string): Promise<number>;
}

export interface RegisterDeps {
  /** The clock, ids and policy packs, the same as the decide functions get. */
  context: () => IntakeContext;
  persons: ApplicantFiles;
  lookups: RegistrationLookups;
  requests: Records<ServiceRequest>;
  identityChanged: IdentityChangeAudit;
}

const IDEMPOTENCY_NAMESPACE = '8f0b6c1e-2d4a-4f7b-9e3c-5a6d7e8f9a0b';

/** What a caller's Idempotency-Key stands for: the same key from the same caller, the same case and events. */
function idempotentIds(callerId: string, key: string) {
  const id = (what: string) => uuidv5(`${callerId}|${key}|${what}`, IDEMPOTENCY_NAMESPACE);
  return {
    caseId: id('case'),
    eventIds: { registered: id('registered'), acknowledged: id('acknowledged'), contactShared: id('contact-shared') },
  };
}

/**
 * RegisterRequest: validate, file the person, merge items already open, number the case, and record the
 * registration and its acknowledgement. Only staff at the window change an existing file's name or phone
 * (audited); a channel's phone is held unconfirmed, and the request carries the name on file. One person's
 * registrations run one at a time. With an
 * Idempotency-Key, a retry (a channel that timed out waiting) gets the first answer back (`replayed: true`)
 * and nothing is registered twice; the same key for another person is refused.
 */
export async function registerRequest(
  command: RegisterRequest,
  by: StaffPrincipal,
  deps: RegisterDeps,
  assertInJurisdiction: (code: string) => void,
  idempotencyKey?: string,
): Promise<RegisterOutcome> {
  const { now, policies, newId } = deps.context();
  const validated = validateRequest(command, policies.get(command.region), now);
  assertInJurisdiction(command.address.township);
  const region = validated.pack.region;
  const personId = deps.persons.personIdOf(validated.applicant.idNumber);
  const filed = await deps.persons.files.commit(personId, (current, ctx) =>
    decideApplicantFile(
      current,
      {
        personId,
        region,
        applicant: validated.applicant,
        address: command.address,
        path: identityPathOf(by.role, command.channel),
        channel: command.channel,
        covers: (township) => covers(by, township, region),
      },
      ctx,
    ),
  );
  if (filed.changed.length > 0)
    await deps.identityChanged({ personId, fields: filed.changed, by, township: command.address.township });
  const checked = { ...validated, applicant: { ...validated.applicant, name: filed.name } };
  const ids = idempotencyKey ? idempotentIds(by.sub, idempotencyKey) : { caseId: newId(), eventIds: undefined };
  return deps.persons.serialised(personId, async () => {
    const open = await deps.lookups.openRequestsOf(personId);
    if (idempotencyKey) {
      const earlier = open.find((r) => r.caseId === ids.caseId) ?? (await deps.lookups.requestOf(ids.caseId));
      if (earlier) return replayOf(earlier, personId);
    }
    const { newItems, merged } = planRegistration(checked.itemCodes, open);
    if (newItems.length === 0)
      return deps.requests.commit(merged[0]!.caseId, (current, ctx) =>
        decideMerge(current, { channel: command.channel, merged }, ctx),
      );

    const { caseNumberPrefix } = checked.pack;
    const year = now.getUTCFullYear();
    const sequence = await deps.lookups.nextSequence(`${caseNumberPrefix}-${checked.countyCode}-${year}`);
    const registration = {
      caseId: ids.caseId,
      caseNumber: formatCaseNumber(caseNumberPrefix, checked.countyCode, year, sequence),
      personId,
      command,
      validated: { ...checked, itemCodes: newItems },
      merged,
      registeredBy: by.sub,
      ...(filed.phone ? { phone: filed.phone } : {}),
      eventIds: ids.eventIds,
    };
    return deps.requests.commit(ids.caseId, (current, ctx) => decideRegistration(current, registration, ctx));
  });
}
