import type { RoutedEventFacts } from './subscription';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One referral event on its way to one subscription. */
export interface Delivery {
  deliveryId: string;
  subscriptionId: string;
  caseId: string;
  /** Order of the subscription's deliveries of this case (increasing, with gaps): delivered strictly in this order. */
  seq: number;
  eventId: string;
  eventType: string;
  eventTime: string;
  /** The CloudEvent (structured mode) as sent, byte for byte. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt?: string | null;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
  replay?: string;
  /** The body carries a person's contact (referral.created.v2): sealed at rest (CONTACT_DATA_KEY). */
  personal?: boolean;
}

/** A referral event as logged for replay. */
export interface LoggedEvent {
  eventId: string;
  caseId: string;
  time: string;
  type: string;
  facts: RoutedEventFacts;
  body: string;
}
