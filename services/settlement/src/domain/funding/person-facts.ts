import type { EligibilityDecided, EventOf, Decision } from '@carelink/contracts';
import { PERSON_KINDS, type FundedPerson } from '@carelink/policy';

/**
 * What the funding rules read of the person a case serves (资金来源 by status and kind): the statuses and conditions
 * the eligibility decision found and the age, kept from `eligibility.decided.v2` per case. The latest decision
 * wins; a redelivery or an older decision changes nothing.
 */
export interface PersonFacts {
  caseId: string;
  caseNumber: string;
  region: string;
  age: number;
  groups: string[];
  conditions: string[];
  decidedAt: string;
}

export function recordPersonFacts(
  current: PersonFacts | undefined,
  event: EventOf<typeof EligibilityDecided>,
): Decision<PersonFacts> {
  const d = event.data;
  if (!d.circumstances) return {};
  const decidedAt = new Date(d.decidedAt).toISOString();
  if (current && current.decidedAt >= decidedAt) return {};
  return {
    state: {
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      region: d.region,
      age: d.circumstances.age,
      groups: [...d.circumstances.groups],
      conditions: [...d.circumstances.conditions],
      decidedAt,
    },
  };
}

const ADULT_AGE = 18;

/**
 * The person as a source's `pays` sees them: statuses, and conditions plus `elder` (the pack's elderAge or older)
 * and `minor`; the family of a 低保 top-up is the case (one case, one family's consent). Unknown facts: no status
 * and no kind, so only the sources that pay any person pay the line.
 */
export function fundedPersonOf(
  caseId: string,
  facts: PersonFacts | undefined,
  elderAge: number,
): FundedPerson & { familyId: string } {
  if (!facts) return { groups: [], who: [], familyId: caseId };
  const kinds: (keyof typeof PERSON_KINDS)[] = [];
  if (facts.age >= elderAge) kinds.push('elder');
  if (facts.age < ADULT_AGE) kinds.push('minor');
  return { groups: facts.groups, who: [...facts.conditions, ...kinds], familyId: caseId };
}
