import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { UseCaseExtras } from '@carelink/service-host';
import type { CommitPort } from '@carelink/store';
import { accrualMapping } from '../../data-access/accrual-repository';
import { accrueVisit } from '../../domain/accrue-visit/accrue-visit';

export function settlementSubscriptions(commits: CommitPort<UseCaseExtras>): Subscription[] {
  return [
    on(topics.visits, {
      'visit.delivered.v1': async (event) =>
        commits.commit(accrualMapping, event.data.visitId, (current, ctx) => accrueVisit(current, event, ctx)),
    }),
  ];
}
