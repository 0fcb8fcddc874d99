import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { CaseRepository } from '../../data-access/case-repository';
import { openCase } from '../../domain/open-case/open-case';
import type { NeedsLedgerRepository } from '../../data-access/needs-ledger-repository';
import { ledgerEntries } from '../../domain/needs-ledger/needs-ledger';
import type { FollowUpRepository } from '../../data-access/follow-up-repository';
import { handleStatusChange } from '../../domain/dynamic-management/handle-status-change';
import type { PolicyPacks } from '@carelink/policy';

export function assessmentSubscriptions(
  cases: CaseRepository,
  ledger: NeedsLedgerRepository,
  dynamic: { followUps: FollowUpRepository; policies: PolicyPacks },
  eventsWritten: () => void,
): Subscription[] {
  return [
    // Dynamic management: a change of assistance status applies to the person's cases at once.
    on(topics.registryStatus, {
      'registry.status.changed.v1': (event) => handleStatusChange(event, { cases, ...dynamic, eventsWritten }),
    }),
    // The needs ledger is built from assessment's own events, so a crash after the case update loses nothing.
    on(topics.assessmentCases, {
      'investigation.recorded.v1': (event) => ledger.add(ledgerEntries(event)),
    }),
    // Opening a case is an insert keyed by the case id with a derived event id: a redelivered registration
    // is a duplicate key and changes nothing, so no inbox.
    on(
      topics.intakeRequests,
      {
        'request.registered.v1': async (event) => {
          const { state, events } = openCase(event);
          if (await cases.open(state, events)) eventsWritten();
        },
      },
      { dedupe: 'handler' },
    ),
  ];
}
