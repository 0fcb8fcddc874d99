import type { PersonCircumstances } from '@carelink/contracts';
import type { CaseState } from '../case';
import { assistanceStatusOf } from '../assistance-status/assistance-status';

/** What the region's eligibility rules judge a case by: the age at registration, the statuses, the conditions. */
export interface EligibilityFacts {
  age: number;
  /** The statuses the rules go by: the newest checked source, else the declaration (assistanceStatusOf). */
  groups: string[];
  /** The conditions the home investigation found: verified by the team, and those derived from age and Barthel. */
  conditions: string[];
}

export function eligibilityFacts(state: CaseState): EligibilityFacts {
  return {
    age: state.person.ageAtRegistration,
    groups: assistanceStatusOf(state).groups,
    conditions: state.investigation?.result?.verifiedConditions ?? [],
  };
}

/**
 * The person's circumstances as the decision found them, for the decision event: the facts eligibility went by
 * and those the region's delivery modes are chosen by (self-care from Barthel, living alone, carer, illnesses).
 * Facts only — the pack's modes judge them.
 *
 * An investigation recorded before the team was asked about the carer and illnesses leaves both out (not
 * recorded: no mode conditioned on them applies).
 */
export function circumstancesOf(state: CaseState): PersonCircumstances {
  const result = state.investigation?.result;
  const facts = eligibilityFacts(state);
  return {
    ...facts,
    // Statuses came in through the contracts (declaration, register check, register report): target groups.
    groups: facts.groups as PersonCircumstances['groups'],
    ...(result?.barthel ? { barthelScore: result.barthel.score } : {}),
    ...(result ? { livingAlone: result.household.livingAlone } : {}),
    ...(result?.carer ? { carer: result.carer } : {}),
    ...(result?.illnesses ? { illnesses: result.illnesses } : {}),
  };
}
