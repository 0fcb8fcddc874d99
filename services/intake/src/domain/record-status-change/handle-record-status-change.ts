import type { StaffPrincipal } from '@carelink/auth';
import type { IntakeContext, Records } from '../intake-records';
import {
  decideStatusChange,
  validateStatusChange,
  type PersonAssistance,
  type RecordStatusChange,
  type StatusChangeOutcome,
} from './record-status-change';

export interface StatusChangeDeps {
  context: () => IntakeContext;
  /** The person id an ID number stands for (a keyed pseudonym). */
  personIdOf: (idNumber: string) => string;
  /** The townships of a person's requests (what a file that keeps no township is judged on). */
  requestTownshipsOf: (personId: string) => Promise<string[]>;
  /** The statuses the person declared on their latest request (what is known of them before any register spoke). */
  declaredGroupsOf: (personId: string) => Promise<string[]>;
  persons: Records<PersonAssistance>;
}

/**
 * RecordStatusChange: a register reports a person's assistance status; their file and dynamic management
 * follow. Authorised against the person's stored file and requests, not the township the body names.
 */
export async function recordStatusChange(
  command: RecordStatusChange,
  by: StaffPrincipal,
  deps: StatusChangeDeps,
): Promise<StatusChangeOutcome> {
  const { now, policies } = deps.context();
  const facts = validateStatusChange(command, policies.get(command.region), now);
  const personId = deps.personIdOf(facts.idNumber);
  const [requestTownships, declaredGroups] = await Promise.all([
    deps.requestTownshipsOf(personId),
    deps.declaredGroupsOf(personId),
  ]);
  return deps.persons.commit(personId, (current, ctx) =>
    decideStatusChange(current, { personId, command, facts, by, requestTownships, declaredGroups }, ctx),
  );
}
