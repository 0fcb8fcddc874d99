import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { CaseRepository } from '../../data-access/case-repository';
import { openCase } from '../../domain/open-case/open-case';

export function assessmentSubscriptions(cases: CaseRepository, eventsWritten: () => void): Subscription[] {
  return [
    on(topics.intakeRequests, {
      'request.registered.v1': async (event) => {
        const { state, events } = openCase(event);
        if (await cases.open(state, events)) eventsWritten();
      },
    }),
  ];
}
