import { z } from 'zod';
import { defineEvent } from '../envelope';
import { isoDate, isoDateTime, jurisdictionCode, regionId } from '../values';

/**
 * Neighbour mutual help 邻里互助 and the love doorbell 爱心门铃 (Chizhou 000 三(六)6): neighbours registered and
 * trained per village, the visits the village records for them (counted per neighbour and year; the township pays
 * the subsidy yearly), and the alerts a doorbell of a person living alone raises to their neighbours.
 */
const neighbourFacts = {
  neighbourId: z.string().min(1),
  region: regionId,
  township: jurisdictionCode,
  village: jurisdictionCode,
};

export const NeighbourRegistered = defineEvent(
  'neighbour.registered.v1',
  z.object({ ...neighbourFacts, registeredAt: isoDateTime }),
  'A village or township registered a neighbour for mutual help (no identity data: the ID number stays in provider-scheduling).',
);

export const NeighbourTrainingRecorded = defineEvent(
  'neighbour.training-recorded.v1',
  z.object({ ...neighbourFacts, course: z.string().min(1), date: isoDate, hours: z.number().positive() }),
  'A training a neighbour took (简单护理技能培训: course, date, hours).',
);

export const NeighbourVisitRecorded = defineEvent(
  'neighbour-visit.recorded.v1',
  z.object({
    ...neighbourFacts,
    visitId: z.string().min(1),
    date: isoDate.describe('the day of the visit, China time'),
    itemCode: z.string().min(1).describe('the catalogue item served (e.g. CZ-LL-01 邻里居家照料)'),
    recordedAt: isoDateTime,
  }),
  'The village recorded a help visit of a neighbour (记录服务次数、服务内容): what the yearly neighbour subsidy counts.',
);

/** Who an alert goes to: a registered neighbour, or a village coordinator of the device's village. */
export const alertRecipient = z.object({
  kind: z.enum(['neighbour', 'coordinator']),
  id: z.string().min(1),
  name: z.string().min(1),
});

const alertFacts = {
  alertId: z.string().min(1),
  deviceId: z.string().min(1),
  region: regionId,
  township: jurisdictionCode,
  village: jurisdictionCode,
  /** The person living alone, as the neighbours know them: their name and where they live (村组). */
  person: z.object({ name: z.string().min(1), place: z.string().min(1) }),
};

export const AlertRaised = defineEvent(
  'alert.raised.v1',
  z.object({
    ...alertFacts,
    recipients: z.array(alertRecipient).describe('the neighbours and village coordinators to alert'),
    raisedAt: isoDateTime,
    escalateAt: isoDateTime.describe('when the township is alerted if nobody has acknowledged'),
  }),
  'A love doorbell was pressed: its neighbours and the village coordinator are to be alerted at once.',
);

export const AlertAcknowledged = defineEvent(
  'alert.acknowledged.v1',
  z.object({
    ...alertFacts,
    by: alertRecipient,
    recipients: z.array(alertRecipient),
    acknowledgedAt: isoDateTime,
  }),
  'The first neighbour or coordinator said they are going to look; the others are told who went.',
);

export const AlertEscalated = defineEvent(
  'alert.escalated.v1',
  z.object({
    ...alertFacts,
    recipients: z.array(alertRecipient).describe('who was alerted and did not answer'),
    coordinators: z.array(alertRecipient).describe('the village coordinators, alerted again'),
    raisedAt: isoDateTime,
    escalatedAt: isoDateTime,
  }),
  'Nobody acknowledged a doorbell alert in time: the township is alerted and the village coordinator again.',
);

export const AlertClosed = defineEvent(
  'alert.closed.v1',
  z.object({
    ...alertFacts,
    outcome: z.enum(['safe', 'needed_help', 'false_alarm']),
    closedBy: z.string().min(1),
    closedAt: isoDateTime,
  }),
  'A doorbell alert was closed with its outcome (safe, needed help, false alarm).',
);
