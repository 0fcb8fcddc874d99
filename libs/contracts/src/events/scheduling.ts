import { z } from 'zod';
import { defineEvent } from '../envelope';
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
  'A worker recorded a delivered visit (服务记录).',
);
