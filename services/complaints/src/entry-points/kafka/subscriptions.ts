import { on, type Subscription } from '@carelink/bus';
import { requestRegisteredFromV1, requestRegisteredFromV2, topics } from '@carelink/contracts';
import type { CaseDirectory } from '../../data-access/case-directory';
import type { ComplaintRepository } from '../../data-access/complaint-repository';
import type { ProviderDirectory } from '../../data-access/provider-directory';
import { nameOnContract } from '../../domain/provider-names/provider-name';
import type { Commits } from '../../domain/complaint';
import {
  countProviderFact,
  providerRecordId,
  type ProviderFact,
  type ProviderRecord,
} from '../../domain/provider-score/provider-score';
import { knownCaseOf } from '../../domain/remember-case/remember-case';
import { scheduleTimeLimits, type TimerScheduler } from '../../domain/time-limits/handle-time-limit';

/**
 * Complaints learns every registered case (to check and scope complaints) and every provider's name (from its
 * contracts, for the statistics), and follows its own events:
 * a received or reopened complaint starts its time limits; ratings and resolutions feed provider scores.
 * Doing this from the published events (not in the HTTP request) means a crash cannot lose a timer or a
 * score change: the event stays until handled, and each handler is idempotent.
 */
export function complaintsSubscriptions(deps: {
  cases: CaseDirectory;
  providers: Pick<ProviderDirectory, 'learn'>;
  complaints: Pick<ComplaintRepository, 'get'>;
  scores: Commits<ProviderRecord>;
  jobs: TimerScheduler;
}): Subscription[] {
  const startTimers = async (complaintId: string) => {
    const complaint = await deps.complaints.get(complaintId);
    if (complaint) await scheduleTimeLimits(complaint, deps.jobs);
  };
  const count = (region: string, providerId: string, fact: ProviderFact) =>
    deps.scores.commit(providerRecordId(region, providerId), (current, ctx) =>
      countProviderFact(current, { region, providerId, fact }, ctx),
    );
  return [
    // An upsert that only sets on insert: a redelivered registration changes nothing, so no inbox. A v1
    // registration of the history is read as v3.
    on(
      topics.intakeRequests,
      {
        'request.registered.v3': async (event) => deps.cases.remember(knownCaseOf(event)),
        'request.registered.v2': async (event) => deps.cases.remember(knownCaseOf(requestRegisteredFromV2(event))),
        'request.registered.v1': async (event) =>
          deps.cases.remember(knownCaseOf(requestRegisteredFromV2(requestRegisteredFromV1(event)))),
      },
      { dedupe: 'handler' },
    ),
    // Keeps the latest contract's name (an older or redelivered contract changes nothing), so no inbox.
    on(
      topics.contracts,
      { 'contract.registered.v1': async (event) => deps.providers.learn(nameOnContract(event)) },
      { dedupe: 'handler' },
    ),
    on(topics.complaints, {
      'complaint.received.v1': async (event) => startTimers(event.data.complaintId),
      'complaint.transitioned.v1': async ({ data }) => {
        if (data.to === 'reopened') await startTimers(data.complaintId);
        if (data.to === 'resolved' && data.providerId && data.outcome)
          await count(data.region, data.providerId, {
            kind: 'resolved',
            complaintId: data.complaintId,
            upheld: data.outcome.upheld,
          });
      },
      'complaint.rated.v1': async ({ data }) => {
        if (data.providerId)
          await count(data.region, data.providerId, {
            kind: 'rated',
            complaintId: data.complaintId,
            score: data.score,
          });
      },
    }),
  ];
}
