import type { EventDefinition, EventOf } from './envelope';
import {
  CaseOpened,
  DecisionOverdue,
  EligibilityChanged,
  EligibilityDecided,
  EligibilityDecidedV1,
  InvestigationAssigned,
  InvestigationDueSoon,
  InvestigationOverdue,
  InvestigationRecorded,
} from './events/assessment';
import { ComplaintRated, ComplaintReceived, ComplaintTransitioned, ProviderScoreUpdated } from './events/complaints';
import { ContactShared } from './events/contact';
import { MessageDeadLettered } from './events/dead-letter';
import { DocumentAttached } from './events/documents';
import { RequestAcknowledged, RequestRegistered, RequestRegisteredV1, RequestRegisteredV2 } from './events/intake';
import { FollowUpListed, RegistryStatusChanged } from './events/registry';
import { EvaluationRecorded, ServiceNumberIssued } from './events/person-file';
import {
  ContractRegistered,
  ReferralAccepted,
  ReferralCancelled,
  ReferralCompleted,
  ReferralCreated,
  ReferralCreatedV2,
  ReferralCreatedV3,
  ReferralEscalated,
  ReferralFailed,
  ReferralReceived,
  ReferralRejected,
  ReferralRerouted,
  ReferralStarted,
} from './events/referral';
import {
  AssignmentAccepted,
  PlanApproved,
  PlanChanged,
  PlanProposed,
  PlanReturned,
  PlanStopped,
  VisitCancelled,
  VisitCheckedIn,
  VisitCheckedOut,
  VisitDelivered,
  VisitDeliveredV2,
  VisitDisputed,
  VisitReminderDue,
  VisitRescheduled,
  VisitScheduled,
  VisitVerified,
  WorkerRegistered,
  WorkerTrainingRecorded,
} from './events/scheduling';
import {
  AlertAcknowledged,
  AlertClosed,
  AlertEscalated,
  AlertRaised,
  NeighbourRegistered,
  NeighbourTrainingRecorded,
  NeighbourVisitRecorded,
} from './events/neighbour-help';
import { SettlementAccrued, StatementApproved, StatementConfirmed, StatementPaid } from './events/settlement';
import { SpotCheckHoldReleased, SpotCheckRecorded, SpotCheckSampleDrawn } from './events/spot-checks';

export type ServiceName = 'intake' | 'assessment' | 'referral' | 'provider-scheduling' | 'settlement' | 'complaints';

export interface TopicDefinition<E extends readonly EventDefinition[] = readonly EventDefinition[]> {
  name: string;
  description: string;
  /** What the Kafka message key is; events of one case share a key and so a partition, and stay in order. */
  key: string;
  partitions: number;
  retentionMs: number;
  producer: ServiceName | 'any';
  consumers: readonly (ServiceName | 'departments' | 'bots')[];
  events: E;
}

function defineTopic<const E extends readonly EventDefinition[]>(topic: TopicDefinition<E>): TopicDefinition<E> {
  return topic;
}

const DAY = 24 * 60 * 60 * 1000;

const referralEvents = [
  ReferralCreated,
  ReferralCancelled,
  ReferralReceived,
  ReferralAccepted,
  ReferralRejected,
  ReferralStarted,
  ReferralCompleted,
  ReferralRerouted,
  ReferralEscalated,
  ReferralFailed,
] as const;

/**
 * One topic per receiving department of a region (`carelink.referral.department.<region>.<departmentCode>.v1`),
 * holding the same events as `carelink.referral.referrals.v1` but only for that department's referrals.
 * Department codes repeat across regions (every pack has `health`, `civil_affairs` …), so the region is part
 * of the name. A department's consumer group is granted READ on its own topic only (a Kafka ACL per topic
 * name), so it never sees other departments' or other regions' referrals. Created by referral at start for
 * every department of the loaded policy packs.
 */
export function departmentReferralsTopic(
  region: string,
  departmentCode: string,
): TopicDefinition<typeof referralEvents> {
  checkDepartment(region, departmentCode);
  return defineTopic({
    name: `carelink.referral.department.${region}.${departmentCode}.v1`,
    description: `Referrals to the ${departmentCode} department of ${region} only (same events as carelink.referral.referrals.v1).`,
    key: 'caseId',
    partitions: 3,
    retentionMs: 90 * DAY,
    producer: 'referral',
    consumers: ['departments'],
    events: referralEvents,
  });
}

function checkDepartment(region: string, departmentCode: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(region)) throw new Error(`bad region ${region}`);
  if (!/^[a-z][a-z0-9_]*$/.test(departmentCode)) throw new Error(`bad department code ${departmentCode}`);
}

/** The events of a department's `.v2` topic: those of `.v1`, with referral.created.v2 (the contact) for .v1. */
const departmentEventsV2 = [ReferralCreatedV2, ...referralEvents.filter((e) => e !== ReferralCreated)] as const;

/**
 * A department's topic of version 2 (`carelink.referral.department.<region>.<departmentCode>.v2`): the events of
 * its `.v1` topic, each with the same id, but `referral.created.v2` in place of `.v1`, carrying the contact the
 * resident consented to share. Same ACL rule as `.v1`: the department's own user and group read it, nobody else.
 * `.v1` goes on unchanged for consumers that have not moved.
 */
export function departmentReferralsTopicV2(
  region: string,
  departmentCode: string,
): TopicDefinition<typeof departmentEventsV2> {
  checkDepartment(region, departmentCode);
  return defineTopic({
    name: `carelink.referral.department.${region}.${departmentCode}.v2`,
    description: `Referrals to the ${departmentCode} department of ${region} only, with the contact the resident consented to share (referral.created.v2).`,
    key: 'caseId',
    partitions: 3,
    retentionMs: 90 * DAY,
    producer: 'referral',
    consumers: ['departments'],
    events: departmentEventsV2,
  });
}

/** Every Kafka topic of carelink, defined once. Services, docs and topic creation all read this. */
export const topics = {
  intakeRequests: defineTopic({
    name: 'carelink.intake.requests.v1',
    description: 'Service requests registered by intake, from every channel.',
    key: 'caseId',
    partitions: 3,
    retentionMs: 90 * DAY,
    producer: 'intake',
    consumers: ['assessment', 'complaints', 'bots'],
    // request.registered.v1 and .v2 stay readable for the history on the topic; intake produces v3.
    events: [RequestRegistered, RequestAcknowledged, DocumentAttached, RequestRegisteredV2, RequestRegisteredV1],
  }),
  assessmentCases: defineTopic({
    name: 'carelink.assessment.cases.v1',
    description:
      'Case lifecycle: opening, home investigation (assignment, reminders, overdue escalation, results) and eligibility decisions.',
    key: 'caseId (followup.listed.v1: the township code)',
    partitions: 3,
    retentionMs: 90 * DAY,
    producer: 'assessment',
    consumers: ['referral', 'intake', 'provider-scheduling', 'settlement', 'bots'],
    events: [
      CaseOpened,
      InvestigationAssigned,
      InvestigationRecorded,
      InvestigationDueSoon,
      InvestigationOverdue,
      EligibilityDecided,
      EligibilityDecidedV1,
      DecisionOverdue,
      EligibilityChanged,
      FollowUpListed,
    ],
  }),
  personFiles: defineTopic({
    name: 'carelink.assessment.person-files.v1',
    description:
      'The one-person files (一人一档): service numbers issued on a first approved service, and the effect evaluations (效果评估) recorded in them.',
    key: 'personId',
    partitions: 3,
    retentionMs: 3650 * DAY,
    producer: 'assessment',
    consumers: [],
    events: [ServiceNumberIssued, EvaluationRecorded],
  }),
  contactShares: defineTopic({
    name: 'carelink.intake.contacts.v1',
    description:
      'The contact (name, phone, address) an applicant consented to share with whoever serves them, published by intake at registration only with consent; referral alone reads it, keeps it sealed and passes the consented parts to the receiving department.',
    key: 'caseId',
    partitions: 3,
    retentionMs: 90 * DAY,
    producer: 'intake',
    consumers: ['referral'],
    events: [ContactShared],
  }),
  registryStatus: defineTopic({
    name: 'carelink.registry.status.v1',
    description: 'Changes of a person’s assistance status (低保/特困 …) reported by the registers, via intake.',
    key: 'personId',
    partitions: 3,
    retentionMs: 365 * DAY,
    producer: 'intake',
    consumers: ['assessment'],
    events: [RegistryStatusChanged],
  }),
  referrals: defineTopic({
    name: 'carelink.referral.referrals.v1',
    description: 'Referrals of approved items to departments and contracted providers.',
    key: 'caseId',
    partitions: 3,
    retentionMs: 90 * DAY,
    producer: 'referral',
    consumers: ['provider-scheduling', 'intake', 'assessment', 'settlement', 'departments', 'bots'],
    // referral.created.v3 (the receiver by kind, and the delivery mode) beside v1, on the shared topic only.
    events: [...referralEvents, ReferralCreatedV3],
  }),
  contracts: defineTopic({
    name: 'carelink.referral.contracts.v1',
    description:
      'Purchase-of-service contracts counties registered with providers (no personal data): the provider’s name as the contract gives it, for the services that show providers by name.',
    key: 'providerId',
    partitions: 1,
    retentionMs: 3650 * DAY,
    producer: 'referral',
    consumers: ['complaints', 'settlement'],
    events: [ContractRegistered],
  }),
  visits: defineTopic({
    name: 'carelink.scheduling.visits.v1',
    description: 'Provider acceptance, service plans, scheduled, rescheduled, cancelled and delivered visits.',
    key: 'caseId',
    partitions: 3,
    retentionMs: 90 * DAY,
    producer: 'provider-scheduling',
    consumers: ['settlement', 'referral', 'intake', 'assessment', 'bots'],
    events: [
      AssignmentAccepted,
      VisitScheduled,
      VisitDelivered,
      VisitRescheduled,
      VisitCancelled,
      VisitReminderDue,
      VisitCheckedIn,
      VisitCheckedOut,
      VisitVerified,
      VisitDisputed,
      VisitDeliveredV2,
      PlanProposed,
      PlanApproved,
      PlanReturned,
      PlanChanged,
      PlanStopped,
    ],
  }),
  workers: defineTopic({
    name: 'carelink.scheduling.workers.v1',
    description: 'Workers providers registered on the platform and their training (no identity data).',
    key: 'workerId',
    partitions: 1,
    retentionMs: 3650 * DAY,
    producer: 'provider-scheduling',
    consumers: [],
    events: [WorkerRegistered, WorkerTrainingRecorded],
  }),
  neighbourHelp: defineTopic({
    name: 'carelink.scheduling.neighbour-help.v1',
    description:
      'Neighbours registered and trained per village and the help visits the village records for them (邻里互助; no identity data): what the yearly neighbour subsidy counts.',
    key: 'neighbourId',
    partitions: 1,
    retentionMs: 3650 * DAY,
    producer: 'provider-scheduling',
    consumers: ['settlement'],
    events: [NeighbourRegistered, NeighbourTrainingRecorded, NeighbourVisitRecorded],
  }),
  doorbellAlerts: defineTopic({
    name: 'carelink.scheduling.doorbell-alerts.v1',
    description:
      'Love-doorbell alerts (爱心门铃): raised by a press, acknowledged by the first neighbour who goes, escalated to the township when nobody answers, closed with the outcome.',
    key: 'alertId',
    partitions: 3,
    retentionMs: 365 * DAY,
    producer: 'provider-scheduling',
    consumers: ['bots'],
    events: [AlertRaised, AlertAcknowledged, AlertEscalated, AlertClosed],
  }),
  settlementAccruals: defineTopic({
    name: 'carelink.settlement.accruals.v1',
    description: 'Delivered visits accrued into monthly provider settlements.',
    key: 'caseId',
    partitions: 3,
    retentionMs: 365 * DAY,
    producer: 'settlement',
    consumers: [],
    events: [SettlementAccrued],
  }),
  settlementStatements: defineTopic({
    name: 'carelink.settlement.statements.v1',
    description:
      'Monthly provider statements per township moving through their states: township confirmed, county approved, paid (who and when, the frozen totals).',
    key: 'statementId',
    partitions: 1,
    retentionMs: 3650 * DAY,
    producer: 'settlement',
    consumers: [],
    events: [StatementConfirmed, StatementApproved, StatementPaid],
  }),
  settlementSpotChecks: defineTopic({
    name: 'carelink.settlement.spot-checks.v1',
    description:
      'The county’s spot checks (抽查): samples drawn with their seeds, each check’s result with the statement lines it holds or reverses, and holds released (no personal data).',
    key: 'sampleId',
    partitions: 1,
    retentionMs: 3650 * DAY,
    producer: 'settlement',
    consumers: [],
    events: [SpotCheckSampleDrawn, SpotCheckRecorded, SpotCheckHoldReleased],
  }),
  complaints: defineTopic({
    name: 'carelink.complaints.complaints.v1',
    description: 'Complaints and consultations and their lifecycle (received, transitions, ratings).',
    key: 'complaintId',
    partitions: 3,
    retentionMs: 365 * DAY,
    producer: 'complaints',
    consumers: ['complaints', 'settlement', 'assessment', 'bots'],
    events: [ComplaintReceived, ComplaintTransitioned, ComplaintRated],
  }),
  providerScores: defineTopic({
    name: 'carelink.complaints.provider-scores.v1',
    description: 'Per-provider complaint scores (ratings and upheld complaints); the latest per key wins.',
    key: 'providerId',
    partitions: 1,
    retentionMs: 365 * DAY,
    producer: 'complaints',
    consumers: ['referral'],
    events: [ProviderScoreUpdated],
  }),
  deadLetters: defineTopic({
    name: 'carelink.deadletter.v1',
    description: 'Messages a consumer gave up on, with the reason; inspect and re-drive from here.',
    key: 'original message key',
    partitions: 1,
    retentionMs: 365 * DAY,
    producer: 'any',
    consumers: [],
    events: [MessageDeadLettered],
  }),
} as const;

export type Topics = typeof topics;
export type TopicKey = keyof Topics;
export type TopicEvent<T extends TopicDefinition> = T['events'][number] extends infer D
  ? D extends EventDefinition
    ? EventOf<D>
    : never
  : never;

export const allTopics: TopicDefinition[] = Object.values(topics);
