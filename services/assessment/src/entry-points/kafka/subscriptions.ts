import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
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
    // finds the case and changes nothing, so no inbox.
    on(
      topics.intakeRequests,
      {
        'request.registered.v1': (event) =>
          cases.commit(event.data.caseId, (current, ctx) => decideOpenCase(current, event, ctx)),
      },
      { dedupe: 'handler' },
    ),
  ];
}
