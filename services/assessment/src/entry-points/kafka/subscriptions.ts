import { on, type Subscription } from '@carelink/bus';
import {
  requestRegisteredFromV1,
  requestRegisteredFromV2,
  topics,
  type EventOf,
  type RequestRegistered,
} from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { CaseCommits, CaseReads } from '../../domain/case';
import type { FollowUps } from '../../domain/dynamic-management/dynamic-management';
import { handleStatusChange } from '../../domain/dynamic-management/handle-status-change';
import { ledgerEntries, type LedgerEntry } from '../../domain/needs-ledger/needs-ledger';
import { decideDocumentAttached } from '../../domain/documents/documents';
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
    // finds the case and changes nothing, so no inbox. Registrations of the history are read as v3: v2 named
    // its statuses; v1 also as v2 (ages, no birth dates, a 3+2 mask).
    on(
      topics.intakeRequests,
      {
        'request.registered.v3': openCase,
        'request.registered.v2': (event) => openCase(requestRegisteredFromV2(event)),
        'request.registered.v1': (event) => openCase(requestRegisteredFromV2(requestRegisteredFromV1(event))),
        // A document attached to the request is kept on its case once (by attachment id), for the decision.
        'document.attached.v1': (event) =>
          cases.commit(event.data.caseId, (current) => decideDocumentAttached(current, event)),
      },
      { dedupe: 'handler' },
    ),
  ];
}
