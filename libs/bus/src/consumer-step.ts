import type { CloudEvent, EventDefinition } from '@carelink/contracts';
import type { Logger } from '@carelink/telemetry';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { Subscription } from './subscription';

/** One message on its way through a consumer group's steps, and what the steps learned of it so far. */
export interface Delivery {
  /** The topic's registry name (without the bus's prefix). */
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly headers: Record<string, string>;
  readonly group: string;
  readonly subscription: Subscription;
  readonly log: Logger;
  /** Tells the broker the consumer is alive (between retries of a slow handler). */
  readonly heartbeat: () => Promise<void>;
  /** The envelope and its definition once decoded; `event.data` is the checked payload once validated. */
  decoded?: { event: CloudEvent; definition: EventDefinition };
  /** What became of the message, for the consumed-events counter; unset when it was passed over. */
  outcome?: 'handled' | 'duplicate' | 'dead_lettered';
}

/**
 * A consumer middleware: does its part of the delivery and calls `next` for the rest (any number of
 * times: the retry step calls it again after a failure), or returns without calling it to stop there.
 */
export type Step = (delivery: Delivery, next: () => Promise<void>) => Promise<void>;

/** The steps as one: the first runs first and its `next` is the second, and so on. */
export function compose(steps: readonly Step[]): (delivery: Delivery) => Promise<void> {
  return (delivery) => {
    const from = (i: number): Promise<void> => {
      const step = steps[i];
      return step ? step(delivery, () => from(i + 1)) : Promise.resolve();
    };
    return from(0);
  };
}

export type DeadLetterReason =
  'invalid_envelope' | 'unknown_event_type' | 'invalid_payload' | 'handler_failed' | 'rejected';

/** Thrown by a step that gives up on a message; the dead-letter step parks the message with the reason. */
export class DeadLetter extends Error {
  constructor(
    readonly reason: DeadLetterReason,
    message: string,
    readonly attempts = 0,
    /** The refusal's code when a handler said no with a DomainError. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DeadLetter';
  }
}

/** The decoded envelope; a step that needs it must come after the decode step. */
export function decodedOf(delivery: Delivery): { event: CloudEvent; definition: EventDefinition } {
  if (!delivery.decoded)
    throw new Error(`step order: ${delivery.topic}/${delivery.partition}@${delivery.message.offset} is not decoded`);
  return delivery.decoded;
}

export function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  }
  return out;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
