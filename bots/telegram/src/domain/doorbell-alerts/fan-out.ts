import type { AlertAcknowledged, AlertEscalated, AlertRaised, CloudEvent, EventData } from '@carelink/contracts';

type Recipient = EventData<typeof AlertRaised>['recipients'][number];

/** What the doorbell pushes use: the contacts' chats, the Bot API, the report back to provider-scheduling. */
export interface AlertFanOutDeps {
  contacts: {
    chatOf(contact: Pick<Recipient, 'kind' | 'id'>): Promise<number | undefined>;
    outcomeOf(what: string): Promise<string | undefined>;
    keepOutcome(what: string, outcome: string): Promise<void>;
  };
  locale(chatId: number): Promise<string | undefined>;
  defaultLocale: string;
  /** Sends one alert message (with the [我去看看] button when `alertId` is given). */
  sendAlert(
    chatId: number,
    locale: string,
    key: string,
    params: Record<string, string>,
    alertId?: string,
  ): Promise<void>;
  reportDelivery(
    alertId: string,
    region: string,
    report: { recipient: Pick<Recipient, 'kind' | 'id'>; delivered: boolean; reason?: string },
  ): Promise<void>;
}

/**
 * Sends one alert message to each recipient's linked chat, at most once per event and recipient (a redelivered
 * event reports the outcome kept the first time), and reports each delivery, or why there was none, to
 * provider-scheduling, which records it in the alert's timeline.
 */
async function alertEach(
  deps: AlertFanOutDeps,
  event: CloudEvent,
  data: { alertId: string; region: string; person: { name: string; place: string } },
  recipients: Recipient[],
  key: string,
): Promise<void> {
  for (const recipient of recipients) {
    const what = `${event.id}:${recipient.kind}:${recipient.id}`;
    let outcome = await deps.contacts.outcomeOf(what);
    if (!outcome) {
      const chatId = await deps.contacts.chatOf(recipient);
      if (chatId === undefined) outcome = 'no linked chat';
      else
        try {
          const locale = (await deps.locale(chatId)) ?? deps.defaultLocale;
          await deps.sendAlert(chatId, locale, key, { name: data.person.name, place: data.person.place }, data.alertId);
          outcome = 'delivered';
        } catch (err) {
          outcome = `not sent: ${(err as Error).message}`.slice(0, 200);
        }
      await deps.contacts.keepOutcome(what, outcome);
    }
    await deps.reportDelivery(data.alertId, data.region, {
      recipient: { kind: recipient.kind, id: recipient.id },
      delivered: outcome === 'delivered',
      ...(outcome === 'delivered' ? {} : { reason: outcome }),
    });
  }
}

/** alert.raised.v1: every neighbour and coordinator of the alert is alerted with the [我去看看] button. */
export function alertRaised(event: CloudEvent, deps: AlertFanOutDeps): Promise<void> {
  const data = event.data as EventData<typeof AlertRaised>;
  return alertEach(deps, event, data, data.recipients, 'doorbell-alert');
}

/** alert.escalated.v1: nobody answered; the village coordinators are alerted again (the township sees it live). */
export function alertEscalated(event: CloudEvent, deps: AlertFanOutDeps): Promise<void> {
  const data = event.data as EventData<typeof AlertEscalated>;
  return alertEach(deps, event, data, data.coordinators, 'doorbell-escalated');
}

/** alert.acknowledged.v1: the other recipients are told who went (no button). */
export async function alertAcknowledged(event: CloudEvent, deps: AlertFanOutDeps): Promise<void> {
  const data = event.data as EventData<typeof AlertAcknowledged>;
  for (const recipient of data.recipients) {
    if (recipient.kind === data.by.kind && recipient.id === data.by.id) continue;
    const what = `${event.id}:${recipient.kind}:${recipient.id}`;
    if (await deps.contacts.outcomeOf(what)) continue;
    const chatId = await deps.contacts.chatOf(recipient);
    if (chatId === undefined) continue;
    const locale = (await deps.locale(chatId)) ?? deps.defaultLocale;
    await deps.sendAlert(chatId, locale, 'doorbell-taken-other', {
      who: data.by.name,
      name: data.person.name,
      place: data.person.place,
    });
    await deps.contacts.keepOutcome(what, 'delivered');
  }
}
