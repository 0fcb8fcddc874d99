import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { CaseDirectory } from '../../data-access/case-directory';
import { knownCaseOf } from '../../domain/remember-case/remember-case';

/** Complaints learns every registered case, so that a complaint can be checked against it and scoped to its township. */
export function complaintsSubscriptions(cases: CaseDirectory): Subscription[] {
  return [
    on(topics.intakeRequests, {
      'request.registered.v1': async (event) => cases.remember(knownCaseOf(event)),
    }),
  ];
}
