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
  persons: Records<PersonAssistance>;
}

/** RecordStatusChange: a register reports a person's assistance status; their file and dynamic management follow. */
export async function recordStatusChange(
  command: RecordStatusChange,
  by: StaffPrincipal,
  deps: StatusChangeDeps,
  assertInJurisdiction: (code: string) => void,
): Promise<StatusChangeOutcome> {
  const { now, policies } = deps.context();
  const facts = validateStatusChange(command, policies.get(command.region), now);
  assertInJurisdiction(command.township);
  const personId = deps.personIdOf(facts.idNumber);
  return deps.persons.commit(personId, (current, ctx) =>
    decideStatusChange(current, { personId, command, facts, recordedBy: by.sub }, ctx),
  );
}
