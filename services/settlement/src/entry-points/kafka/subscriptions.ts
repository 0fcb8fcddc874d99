import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { AccrualRepository } from '../../data-access/accrual-repository';
import { accrueVisit } from '../../domain/accrue-visit/accrue-visit';

export function settlementSubscriptions(
  accruals: AccrualRepository,
  policies: PolicyPacks,
  eventsWritten: () => void,
): Subscription[] {
  return [
    on(topics.visits, {
      'visit.delivered.v1': async (event) => {
        const { accrual, events } = accrueVisit(event, policies.get(event.data.region), new Date());
        if (await accruals.record(accrual, events)) eventsWritten();
      },
    }),
  ];
}
