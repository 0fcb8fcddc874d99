import { on, type Subscription } from '@carelink/bus';
import {
  eligibilityDecidedFromV1,
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
import { handleFinalDecision, type PersonFiles } from '../../domain/person-file/handle-file-events';

export function assessmentSubscriptions(deps: {
  cases: CaseReads & CaseCommits;
  ledger: { add(entries: LedgerEntry[]): Promise<void> };
  followUps: FollowUps;
  policies: PolicyPacks;
  files: PersonFiles;
}): Subscription[] {
  const { cases, ledger, files } = deps;
  const openCase = (registered: EventOf<typeof RequestRegistered>) =>
    cases.commit(registered.data.caseId, (current, ctx) => decideOpenCase(current, registered, ctx));
  return [
    // Dynamic management: a change of assistance status applies to the person's cases at once.
    on(topics.registryStatus, {
      'registry.status.changed.v1': (event) => handleStatusChange(event, deps),
    }),
    // The needs ledger is built from assessment's own events, so a crash after the case update loses nothing.
    // The one-person files (一人一档) keep the needs form and the decisions of every case too.
    on(topics.assessmentCases, {
      'investigation.recorded.v1': async (event) => {
        await ledger.add(ledgerEntries(event));
        await files.recordCaseEvent(event);
      },
      'eligibility.decided.v2': (event) => handleFinalDecision(event, deps),
      'eligibility.decided.v1': (event) => handleFinalDecision(eligibilityDecidedFromV1(event), deps),
      'eligibility.changed.v1': (event) => files.recordCaseEvent(event),
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
        'document.attached.v1': async (event) => {
          await cases.commit(event.data.caseId, (current) => decideDocumentAttached(current, event));
          await files.recordCaseEvent(event);
        },
      },
      { dedupe: 'handler' },
    ),
    // What the other services did for the person goes into their file: referrals, plans, visits, complaints.
    // Each record applies an event once (by its id), so the handlers are safe to run twice.
    on(
      topics.referrals,
      {
        'referral.created.v1': (event) => files.recordCaseEvent(event),
        'referral.cancelled.v1': (event) => files.recordCaseEvent(event),
        'referral.accepted.v1': (event) => files.recordCaseEvent(event),
        'referral.rejected.v1': (event) => files.recordCaseEvent(event),
        'referral.started.v1': (event) => files.recordCaseEvent(event),
        'referral.completed.v1': (event) => files.recordCaseEvent(event),
      },
      { dedupe: 'handler' },
    ),
    on(
      topics.visits,
      {
        'plan.proposed.v1': (event) => files.recordCaseEvent(event),
        'plan.approved.v1': (event) => files.recordCaseEvent(event),
        'plan.returned.v1': (event) => files.recordCaseEvent(event),
        'plan.changed.v1': (event) => files.recordCaseEvent(event),
        'plan.stopped.v1': (event) => files.recordCaseEvent(event),
        'visit.scheduled.v1': (event) => files.recordCaseEvent(event),
        'visit.rescheduled.v1': (event) => files.recordCaseEvent(event),
        'visit.cancelled.v1': (event) => files.recordCaseEvent(event),
        'visit.checked-in.v1': (event) => files.recordCaseEvent(event),
        'visit.checked-out.v1': (event) => files.recordCaseEvent(event),
        'visit.verified.v1': (event) => files.recordCaseEvent(event),
        'visit.disputed.v1': (event) => files.recordCaseEvent(event),
        'visit.delivered.v1': (event) => files.recordCaseEvent(event),
        'visit.delivered.v2': (event) => files.recordCaseEvent(event),
      },
      { dedupe: 'handler' },
    ),
    on(
      topics.complaints,
      {
        'complaint.received.v1': (event) => files.recordComplaintEvent(event),
        'complaint.transitioned.v1': (event) => files.recordComplaintEvent(event),
      },
      { dedupe: 'handler' },
    ),
  ];
}
