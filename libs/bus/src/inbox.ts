import { decodedOf, type Step } from './consumer-step';

/** What the bus needs to skip events a consumer group has already handled (see @carelink/store MongoInbox). */
export interface Inbox {
  seen(group: string, eventId: string): Promise<boolean>;
  remember(group: string, eventId: string, type: string): Promise<void>;
}

/**
 * Skips an event the group already handled, and remembers one once the steps within have handled it.
 * Subscriptions whose handlers dedupe themselves (`dedupe: 'handler'`) go straight on. A store that does
 * not answer is an infrastructure failure: its error goes up, and the batch comes again.
 */
export function skipSeenEvents(inbox: Inbox): Step {
  return async (delivery, next) => {
    if (delivery.subscription.dedupe !== 'inbox') return next();
    const { event } = decodedOf(delivery);
    if (await inbox.seen(delivery.group, event.id)) {
      delivery.outcome = 'duplicate';
      delivery.log.debug({ eventId: event.id, type: event.type }, 'duplicate event skipped');
      return;
    }
    await next();
    await inbox.remember(delivery.group, event.id, event.type);
  };
}
