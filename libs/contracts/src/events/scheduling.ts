import { z } from 'zod';
import { defineEvent, type EventOf } from '../envelope';
import { caseId, isoDateTime, jurisdictionCode, regionId } from '../values';

export const AssignmentAccepted = defineEvent(
  'assignment.accepted.v1',
  z.object({
    referralId: z.string().min(1),
    caseId,
    providerId: z.string().min(1),
    acceptedBy: z.string().min(1),
    acceptedAt: isoDateTime,
  }),
  'A provider accepted a referral and will serve the person.',
);

const visitFacts = {
  visitId: z.string().min(1),
  referralId: z.string().min(1),
  caseId,
  region: regionId,
  township: jurisdictionCode,
  providerId: z.string().min(1),
  workerId: z.string().min(1),
  itemCode: z.string().min(1),
};

export const VisitScheduled = defineEvent(
  'visit.scheduled.v1',
  z.object({ ...visitFacts, scheduledFor: isoDateTime }),
  'A provider scheduled a worker visit.',
);

export const VisitDelivered = defineEvent(
  'visit.delivered.v1',
  z.object({
    ...visitFacts,
    deliveredAt: isoDateTime,
    units: z.number().int().positive().describe('service units delivered, in the catalogue item unit'),
    note: z.string().max(2000).optional(),
  }),
  'A worker recorded a delivered visit (服务记录). History: since visit.delivered.v2 a delivery is published once its verification is settled; consumers read v1 as an unverified v2 (see visitDeliveredFromV1).',
);

/** Where a check-in or check-out was, measured against the recipient's home as the plan records it. */
const visitPlace = {
  distanceMeters: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("metres from the recipient's home; absent when the worker's position or the home is unknown"),
  farFromHome: z.boolean().describe("farther from the recipient's home than the pack's distance (flagged for review)"),
};

export const VisitCheckedIn = defineEvent(
  'visit.checked-in.v1',
  z.object({
    ...visitFacts,
    scheduledFor: isoDateTime,
    checkedInAt: isoDateTime,
    ...visitPlace,
    workerDisplayName: z
      .string()
      .min(1)
      .max(20)
      .optional()
      .describe('how the recipient knows the worker: surname and 师傅 (张师傅), never the full name'),
  }),
  "A worker checked in at a visit (time and place); the recipient's chat is told who arrived.",
);

export const VisitCheckedOut = defineEvent(
  'visit.checked-out.v1',
  z.object({
    ...visitFacts,
    scheduledFor: isoDateTime,
    checkedInAt: isoDateTime,
    checkedOutAt: isoDateTime,
    tasksDone: z.array(z.string().min(1)),
    tasksNotDone: z.array(z.string().min(1)),
    photoCount: z.number().int().nonnegative(),
    ...visitPlace,
    confirmBy: isoDateTime.describe(
      'until when the recipient can confirm or dispute; after it the visit is unverified',
    ),
  }),
  'A worker checked out: the recipient (or family) is asked, by chat or hotline, to confirm the visit with the one-time code the worker gives them in person, or to dispute it, before confirmBy. The code itself is never in an event.',
);

/** How a recipient's confirmation or dispute reached the platform. */
export const confirmationChannel = z
  .enum(['telegram', 'ivr', 'township'])
  .describe('the chat bot, the hotline IVR, or a township clerk recording a signed paper confirmation');

export const VisitVerified = defineEvent(
  'visit.verified.v1',
  z.object({ ...visitFacts, scheduledFor: isoDateTime, confirmedVia: confirmationChannel, confirmedAt: isoDateTime }),
  'The recipient (or family) confirmed a visit with its one-time code: the visit is verified.',
);

export const VisitDisputed = defineEvent(
  'visit.disputed.v1',
  z.object({
    ...visitFacts,
    scheduledFor: isoDateTime,
    disputedVia: confirmationChannel,
    disputedAt: isoDateTime,
    reason: z.string().max(500).optional().describe("the recipient's words, where they gave any"),
  }),
  'The recipient (or family) said a visit did not happen as recorded: the visit is disputed and is not paid.',
);

/** What became of a delivered visit's confirmation by its recipient. */
export const visitVerification = z
  .enum(['verified', 'disputed', 'unverified'])
  .describe(
    'verified: confirmed with the code; disputed: the recipient said it did not happen; unverified: no (right) code in time',
  );

export const VisitDeliveredV2 = defineEvent(
  'visit.delivered.v2',
  z.object({
    ...visitFacts,
    scheduledFor: isoDateTime.optional(),
    deliveredAt: isoDateTime.describe('check-out (or the time the provider recorded) of the visit'),
    checkedInAt: isoDateTime.optional(),
    units: z.number().int().positive().describe('service units delivered, in the catalogue item unit'),
    note: z.string().max(2000).optional(),
    tasksDone: z.array(z.string().min(1)),
    ...visitPlace,
    verification: visitVerification,
    verificationReason: z
      .enum(['code_confirmed', 'paper_confirmed', 'resident_disputed', 'no_confirmation_in_time', 'wrong_code_limit'])
      .describe('why the visit has its verification'),
  }),
  'A delivered visit (服务记录) once its verification is settled: published once per visit, when the recipient confirmed or disputed it, or when the time to confirm ran out. Settlement pays only verified visits.',
);

/** A v1 delivery (history) read as v2: nobody confirmed it, so it is unverified. */
export function visitDeliveredFromV1(event: EventOf<typeof VisitDelivered>): EventOf<typeof VisitDeliveredV2> {
  return {
    ...event,
    type: VisitDeliveredV2.type,
    data: {
      ...event.data,
      tasksDone: [],
      farFromHome: false,
      verification: 'unverified',
      verificationReason: 'no_confirmation_in_time',
    },
  };
}

export const VisitRescheduled = defineEvent(
  'visit.rescheduled.v1',
  z.object({
    ...visitFacts,
    previousScheduledFor: isoDateTime,
    scheduledFor: isoDateTime,
    previousWorkerId: z.string().min(1),
    reason: z.string().min(1).max(500),
  }),
  'A provider moved a scheduled visit to another time or worker, with the reason.',
);

export const VisitCancelled = defineEvent(
  'visit.cancelled.v1',
  z.object({
    ...visitFacts,
    scheduledFor: isoDateTime,
    reason: z.string().min(1).max(500),
    cause: z
      .enum(['provider', 'service_stopped', 'plan_changed'])
      .describe('who cancelled: the provider, the stop of the service (dynamic management), a new plan version'),
  }),
  'A scheduled visit will not take place (cancelled by the provider, or by the stop of the service).',
);

export const VisitReminderDue = defineEvent(
  'visit.reminder-due.v1',
  z.object({ ...visitFacts, scheduledFor: isoDateTime, endsAt: isoDateTime }),
  "Before a visit, as long as its region's policy pack says (visitReminder): its worker is to be reminded (the channels that reach workers consume this).",
);

/** The terms of a service plan (服务方案) as every plan event carries them. */
const planTerms = z.object({
  planVersion: z.number().int().positive(),
  rrule: z.string().min(1).describe('RFC 5545 RRULE of the visits, wall-clock times in China time'),
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  endDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  durationMinutes: z.number().int().positive(),
  tasks: z.array(z.string().min(1)).min(1),
  workerId: z.string().min(1).describe('the worker the provider means to send'),
});

const planFacts = {
  planId: z.string().min(1),
  referralId: z.string().min(1),
  caseId,
  region: regionId,
  township: jurisdictionCode,
  providerId: z.string().min(1),
  itemCode: z.string().min(1),
};

export const PlanProposed = defineEvent(
  'plan.proposed.v1',
  z.object({ ...planFacts, ...planTerms.shape, proposedBy: z.string().min(1) }),
  'A provider proposed the service plan (服务方案) of an accepted referral; the township approves it or returns it.',
);

export const PlanApproved = defineEvent(
  'plan.approved.v1',
  z.object({ ...planFacts, ...planTerms.shape, approvedBy: z.string().min(1) }),
  'The township approved a version of a service plan: its visits are generated from now on.',
);

export const PlanReturned = defineEvent(
  'plan.returned.v1',
  z.object({
    ...planFacts,
    planVersion: z.number().int().positive(),
    reason: z.string().min(1),
    returnedBy: z.string().min(1),
  }),
  'The township returned a proposed service plan to the provider, with the reason.',
);

export const PlanChanged = defineEvent(
  'plan.changed.v1',
  z.object({
    ...planFacts,
    ...planTerms.shape,
    previousVersion: z.number().int().positive(),
    reason: z.string().min(1),
    changedBy: z.string().min(1),
  }),
  'A provider proposed a new version of a service plan, with the reason; the old version is kept, the new awaits approval.',
);

export const PlanStopped = defineEvent(
  'plan.stopped.v1',
  z.object({
    ...planFacts,
    planVersion: z.number().int().positive(),
    reason: z.string().min(1),
    stoppedAt: isoDateTime,
  }),
  'The service stopped (referral cancelled or eligibility changed): the plan ends and its future visits are cancelled.',
);

const workerFacts = {
  workerId: z.string().min(1),
  providerId: z.string().min(1),
  region: regionId,
};

export const WorkerRegistered = defineEvent(
  'worker.registered.v1',
  z.object({
    ...workerFacts,
    qualifications: z.array(z.string()),
    itemCodes: z.array(z.string().min(1)).describe('the catalogue items the worker may serve'),
    registeredAt: isoDateTime,
  }),
  'A provider registered a worker on the platform (no identity data: the ID number stays in provider-scheduling).',
);

export const WorkerTrainingRecorded = defineEvent(
  'worker.training-recorded.v1',
  z.object({
    ...workerFacts,
    course: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    hours: z.number().positive(),
  }),
  'A provider recorded a training a worker took (course, date, hours).',
);
