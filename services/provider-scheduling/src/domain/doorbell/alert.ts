import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import {
  AlertAcknowledged,
  AlertClosed,
  AlertEscalated,
  AlertRaised,
  DomainError,
  draft,
  freeText,
  topics,
  type Decision,
  type EventData,
  type UseCaseContext,
} from '@carelink/contracts';
import { z } from 'zod';
import type { DoorbellDevice } from './device';

export type AlertRecipient = EventData<typeof AlertRaised>['recipients'][number];
export type AlertOutcome = EventData<typeof AlertClosed>['outcome'];

/** One thing that happened to an alert, in order: what the console's timeline shows. */
export interface AlertStep {
  at: string;
  what: 'raised' | 'pressed_again' | 'delivered' | 'not_delivered' | 'acknowledged' | 'escalated' | 'closed';
  /** Whom it was about (a recipient's name, the staff who closed it). */
  who?: string;
  note?: string;
}

/**
 * A doorbell alert: raised by a press, sent to the device's neighbours and the village's coordinators, taken by
 * the first who says they go (acknowledged), escalated to the township when nobody has by `escalateAt`, closed
 * by the village or township with the outcome. Every step is in `timeline`.
 */
export interface AlertState {
  alertId: string;
  deviceId: string;
  region: string;
  township: string;
  village: string;
  person: { name: string; place: string };
  recipients: AlertRecipient[];
  status: 'raised' | 'acknowledged' | 'escalated' | 'closed';
  raisedAt: string;
  escalateAt: string;
  acknowledged?: { by: AlertRecipient; at: string };
  escalatedAt?: string;
  closed?: { outcome: AlertOutcome; note?: string; by: string; at: string };
  timeline: AlertStep[];
}

export const ALERT = ['doorbell alert', '爱心门铃告警'] as const;

const facts = (a: AlertState) => ({
  alertId: a.alertId,
  deviceId: a.deviceId,
  region: a.region,
  township: a.township,
  village: a.village,
  person: a.person,
});

/**
 * A press of `device` (its open alert `alertId`): a new alert goes to `recipients` (alert.raised.v1) and is
 * escalated after `escalateAfterMinutes` unless someone acknowledges; a press on an open alert is added to it.
 */
export function decideRaise(
  current: AlertState | undefined,
  {
    alertId,
    device,
    recipients,
    pressedAt,
    escalateAfterMinutes,
  }: {
    alertId: string;
    device: DoorbellDevice;
    recipients: AlertRecipient[];
    pressedAt: string;
    escalateAfterMinutes: number;
  },
  ctx: UseCaseContext,
): Decision<AlertState, AlertState> {
  const now = ctx.now.toISOString();
  if (current) {
    const next: AlertState = {
      ...current,
      timeline: [...current.timeline, { at: now, what: 'pressed_again', note: pressedAt }],
    };
    return { state: next, result: next };
  }
  const alert: AlertState = {
    alertId,
    deviceId: device.deviceId,
    region: device.region,
    township: device.township,
    village: device.village,
    person: { name: device.person.name, place: device.person.place },
    recipients,
    status: 'raised',
    raisedAt: now,
    escalateAt: new Date(ctx.now.getTime() + escalateAfterMinutes * 60_000).toISOString(),
    timeline: [{ at: now, what: 'raised', note: pressedAt }],
  };
  return {
    state: alert,
    events: [
      draft(topics.doorbellAlerts, AlertRaised, {
        key: alertId,
        id: `alert-raised-${alertId}`,
        data: { ...facts(alert), recipients, raisedAt: alert.raisedAt, escalateAt: alert.escalateAt },
      }),
    ],
    result: alert,
  };
}

function existing(current: AlertState | undefined): AlertState {
  if (!current) throw DomainError.notFound(...ALERT);
  return current;
}

function recipientOf(alert: AlertState, who: { kind: string; id: string }): AlertRecipient {
  const recipient = alert.recipients.find((r) => r.kind === who.kind && r.id === who.id);
  if (!recipient)
    throw DomainError.forbidden(
      'not_a_recipient',
      `${who.kind} ${who.id} was not alerted by ${alert.alertId}`,
      '您不是这次告警的接收人',
    );
  return recipient;
}

export const deliveryReport = z.object({
  recipient: z.object({ kind: z.enum(['neighbour', 'coordinator']), id: z.string().min(1).max(100) }),
  delivered: z.boolean(),
  reason: freeText().trim().max(200).optional().describe('why not: no linked chat, the chat blocked the bot …'),
});
export type DeliveryReport = z.infer<typeof deliveryReport>;

/** The bot reports whether the alert reached a recipient's chat: recorded in the timeline. */
export function decideDelivery(
  current: AlertState | undefined,
  report: DeliveryReport,
  ctx: UseCaseContext,
): Decision<AlertState, AlertState> {
  const alert = existing(current);
  const recipient = recipientOf(alert, report.recipient);
  const next: AlertState = {
    ...alert,
    timeline: [
      ...alert.timeline,
      {
        at: ctx.now.toISOString(),
        what: report.delivered ? 'delivered' : 'not_delivered',
        who: recipient.name,
        ...(report.reason ? { note: report.reason } : {}),
      },
    ],
  };
  return { state: next, result: next };
}

export const acknowledgeCommand = z.object({
  by: z.object({ kind: z.enum(['neighbour', 'coordinator']), id: z.string().min(1).max(100) }),
});

/**
 * The first recipient who says they go takes the alert (alert.acknowledged.v1: the others are told who went, the
 * escalation stops). A later one hears who went first (409 alert_already_acknowledged); a closed alert is over.
 */
export function decideAcknowledge(
  current: AlertState | undefined,
  { by }: z.infer<typeof acknowledgeCommand>,
  ctx: UseCaseContext,
): Decision<AlertState, AlertState> {
  const alert = existing(current);
  const recipient = recipientOf(alert, by);
  if (alert.acknowledged)
    throw DomainError.conflict(
      'alert_already_acknowledged',
      `${alert.acknowledged.by.name} acknowledged the alert already`,
      `${alert.acknowledged.by.name}已前往查看`,
    );
  if (alert.status === 'closed')
    throw DomainError.conflict('alert_closed', 'the alert is closed', '这次告警已处理完毕');
  const at = ctx.now.toISOString();
  const next: AlertState = {
    ...alert,
    status: 'acknowledged',
    acknowledged: { by: recipient, at },
    timeline: [...alert.timeline, { at, what: 'acknowledged', who: recipient.name }],
  };
  return {
    state: next,
    events: [
      draft(topics.doorbellAlerts, AlertAcknowledged, {
        key: alert.alertId,
        id: `alert-acknowledged-${alert.alertId}`,
        data: { ...facts(alert), by: recipient, recipients: alert.recipients, acknowledgedAt: at },
      }),
    ],
    result: next,
  };
}

/** A delayed job may run a moment before its time (clocks of Redis and the service): this early still counts. */
const EARLY_MS = 2000;

/** The escalation rule: an alert nobody acknowledged (and nobody closed) escalates once its time has come. */
export function escalationDue(alert: Pick<AlertState, 'status' | 'escalateAt'>, now: Date): boolean {
  return alert.status === 'raised' && now.getTime() >= new Date(alert.escalateAt).getTime() - EARLY_MS;
}

/**
 * Escalates an alert nobody answered (alert.escalated.v1: the township sees it, the village coordinators are
 * alerted again); an acknowledged or closed alert, or one not yet due, is left as it is.
 */
export function decideEscalate(
  current: AlertState | undefined,
  ctx: UseCaseContext,
): Decision<AlertState, { escalated: boolean; alert?: AlertState }> {
  if (!current || !escalationDue(current, ctx.now)) return { result: { escalated: false, alert: current } };
  const at = ctx.now.toISOString();
  const next: AlertState = {
    ...current,
    status: 'escalated',
    escalatedAt: at,
    timeline: [...current.timeline, { at, what: 'escalated' }],
  };
  return {
    state: next,
    events: [
      draft(topics.doorbellAlerts, AlertEscalated, {
        key: current.alertId,
        id: `alert-escalated-${current.alertId}`,
        data: {
          ...facts(current),
          recipients: current.recipients,
          coordinators: current.recipients.filter((r) => r.kind === 'coordinator'),
          raisedAt: current.raisedAt,
          escalatedAt: at,
        },
      }),
    ],
    result: { escalated: true, alert: next },
  };
}

export const closeAlertCommand = z.object({
  outcome: z.enum(['safe', 'needed_help', 'false_alarm']).describe('平安 / 需要帮助 / 误报'),
  note: freeText().trim().max(500).optional(),
});

/** The village or township closes an alert with its outcome (alert.closed.v1). */
export function decideClose(
  current: AlertState | undefined,
  { principal, outcome, note }: z.infer<typeof closeAlertCommand> & { principal: StaffPrincipal },
  ctx: UseCaseContext,
): Decision<AlertState, AlertState> {
  const alert = existing(current);
  assertCovers(principal, alert.village, alert.region);
  if (alert.status === 'closed')
    throw DomainError.conflict('alert_closed', 'the alert is closed', '这次告警已处理完毕');
  const at = ctx.now.toISOString();
  const by = principal.name ?? principal.sub;
  const next: AlertState = {
    ...alert,
    status: 'closed',
    closed: { outcome, ...(note ? { note } : {}), by, at },
    timeline: [...alert.timeline, { at, what: 'closed', who: by, note: note ? `${outcome}: ${note}` : outcome }],
  };
  return {
    state: next,
    events: [
      draft(topics.doorbellAlerts, AlertClosed, {
        key: alert.alertId,
        id: `alert-closed-${alert.alertId}`,
        data: { ...facts(alert), outcome, closedBy: principal.sub, closedAt: at },
      }),
    ],
    result: next,
  };
}
