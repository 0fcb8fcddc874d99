import { on, type Subscription } from '@carelink/bus';
import { topics, visitDeliveredFromV1 } from '@carelink/contracts';
import type { UseCaseExtras } from '@carelink/service-host';
import type { CommitPort } from '@carelink/store';
import { accrualMapping } from '../../data-access/accrual-repository';
import { complaintHoldMapping } from '../../data-access/complaint-hold-repository';
import { personFactsMapping } from '../../data-access/funding-repository';
import { recordPersonFacts } from '../../domain/funding/person-facts';
import { neighbourVisitMapping } from '../../data-access/neighbour-visit-repository';
import { providerNameMapping } from '../../data-access/provider-name-repository';
import { serviceTermsMapping } from '../../data-access/service-terms-repository';
import { accrueVisit } from '../../domain/accrue-visit/accrue-visit';
import { recordComplaintReceived, recordComplaintTransition } from '../../domain/complaint-holds/complaint-hold';
import { countNeighbourVisit } from '../../domain/neighbour-help/counted-visit';
import { learnProviderName, providerNameId } from '../../domain/provider-names/provider-name';
import {
  caseItemTermsId,
  recordEligibilityStop,
  recordPlanApproved,
  recordReferralStop,
  referralTermsId,
} from '../../domain/service-terms/service-terms';

/**
 * What settlement learns from the bus: delivered visits (v2; v1 history read as unverified), the plans' starts
 * and the services' stops (plan stopped, referral cancelled, eligibility changed), complaints about visits, and the
 * neighbours' help visits the villages counted (the yearly neighbour subsidy), and the providers' names their
 * contracts give (the published spot-check results name providers).
 * Every handler keeps facts idempotently (a redelivery or another order gives the same state).
 */
export function settlementSubscriptions(commits: CommitPort<UseCaseExtras>): Subscription[] {
  return [
    on(topics.visits, {
      'visit.delivered.v1': async (event) =>
        commits.commit(accrualMapping, event.data.visitId, (current, ctx) =>
          accrueVisit(current, visitDeliveredFromV1(event), ctx, 1),
        ),
      'visit.delivered.v2': async (event) =>
        commits.commit(accrualMapping, event.data.visitId, (current, ctx) => accrueVisit(current, event, ctx, 2)),
      'plan.approved.v1': async (event) =>
        commits.commit(serviceTermsMapping, referralTermsId(event.data.referralId), (current) =>
          recordPlanApproved(current, event),
        ),
      'plan.stopped.v1': async (event) =>
        commits.commit(serviceTermsMapping, referralTermsId(event.data.referralId), (current) =>
          recordReferralStop(current, event),
        ),
    }),
    on(topics.referrals, {
      'referral.cancelled.v1': async (event) =>
        commits.commit(serviceTermsMapping, referralTermsId(event.data.referralId), (current) =>
          recordReferralStop(current, event),
        ),
    }),
    on(topics.assessmentCases, {
      'eligibility.decided.v2': async (event) =>
        commits.commit(personFactsMapping, event.data.caseId, (current) => recordPersonFacts(current, event)),
      'eligibility.changed.v1': async (event) => {
        for (const { itemCode } of event.data.stoppedItems)
          await commits.commit(serviceTermsMapping, caseItemTermsId(event.data.caseId, itemCode), (current) =>
            recordEligibilityStop(current, event, itemCode),
          );
      },
    }),
    on(topics.complaints, {
      'complaint.received.v1': async (event) =>
        commits.commit(complaintHoldMapping, event.data.complaintId, (current) =>
          recordComplaintReceived(current, event),
        ),
      'complaint.transitioned.v1': async (event) =>
        commits.commit(complaintHoldMapping, event.data.complaintId, (current) =>
          recordComplaintTransition(current, event),
        ),
    }),
    on(topics.neighbourHelp, {
      'neighbour-visit.recorded.v1': async (event) =>
        commits.commit(neighbourVisitMapping, event.data.visitId, (current) => countNeighbourVisit(current, event)),
    }),
    on(topics.contracts, {
      'contract.registered.v1': async (event) =>
        commits.commit(providerNameMapping, providerNameId(event.data.region, event.data.providerId), (current) =>
          learnProviderName(current, event),
        ),
    }),
  ];
}
