import { on, type Subscription } from '@carelink/bus';
import { requestRegisteredFromV1, topics, type EventOf, type RequestRegistered } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { CaseCommits, CaseReads } from '../../domain/case';
import type { FollowUps } from '../../domain/dynamic-management/dynamic-management';
import { handleStatusChange } from '../../domain/dynamic-management/handle-status-change';
import { ledgerEntries, type LedgerEntry } from '../../domain/needs-ledger/needs-ledger';
import { decideOpenCase } from '../../domain/open-case/open-case';

export function assessmentSubscriptions(deps: {
  cases: CaseReads & CaseCommits;
  ledger: { add(entries: LedgerEntry[]): Promise<void> };
  followUps: FollowUps;
  policies: PolicyPacks;
}): Subscription[] {
  const { cases, ledger } = deps;
  const openCase = (registered: EventOf<typeof RequestRegistered>) =>
    cases.commit(registered.data.caseId, (current, ctx) => decideOpenCase(current, registered, ctx));
  return [
    // Dynamic management: a change of assistance status applies to the person's cases at once.
    on(topics.registryStatus, {
      'registry.status.changed.v1': (event) => handleStatusChange(event, deps),
    }),
    // The needs ledger is built from assessment's own events, so a crash after the case update loses nothing.
    on(topics.assessmentCases, {
      'investigation.recorded.v1': (event) => ledger.add(ledgerEntries(event)),
    }),
    // Opening a case is a commit keyed by the case id with a derived event id: a redelivered registration
    // finds the case and changes nothing, so no inbox. A v1 registration (history) is read as v2: ages, no
    // birth dates, a 3+2 mask.
    on(
      topics.intakeRequests,
      {
        'request.registered.v2': openCase,
        'request.registered.v1': (event) => openCase(requestRegisteredFromV1(event)),
      },
      { dedupe: 'handler' },
    ),
  ];
}
