import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { CaseRepository } from '../../data-access/case-repository';
import { openCase } from '../../domain/open-case/open-case';
import type { NeedsLedgerRepository } from '../../data-access/needs-ledger-repository';
import { ledgerEntries } from '../../domain/needs-ledger/needs-ledger';

export function assessmentSubscriptions(
  cases: CaseRepository,
  ledger: NeedsLedgerRepository,
  eventsWritten: () => void,
): Subscription[] {
  return [
    // The needs ledger is built from assessment's own events, so a crash after the case update loses nothing.
    on(topics.assessmentCases, {
      'investigation.recorded.v1': (event) => ledger.add(ledgerEntries(event)),
    }),
    on(topics.intakeRequests, {
      'request.registered.v1': async (event) => {
        const { state, events } = openCase(event);
        if (await cases.open(state, events)) eventsWritten();
      },
    }),
  ];
}
