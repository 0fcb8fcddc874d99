import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { RequestRepository } from '../../data-access/request-repository';

/** Intake follows decisions so that a decided request no longer counts as open for duplicate merging. */
export function intakeSubscriptions(requests: RequestRepository): Subscription[] {
  return [
    on(topics.assessmentCases, {
      'eligibility.decided.v1': async (event) => requests.markDecided(event.data.caseId),
    }),
  ];
}
