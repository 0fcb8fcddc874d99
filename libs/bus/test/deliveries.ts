import { buildEvent, ComplaintReceived, topics, type EventOf } from '@carelink/contracts';
import { createLogger } from '@carelink/telemetry';
import type { KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { Delivery } from '../src/consumer-step';
import type { Inbox } from '../src/inbox';
import { on, type Subscription, type TopicHandlers } from '../src/subscription';

/** Test material for the consumer steps: messages and deliveries as the bus builds them, without Kafka. */

export const complaintsTopic = topics.complaints;

export function complaint(n: number, caseId = randomUUID()): EventOf<typeof ComplaintReceived> {
  return buildEvent(ComplaintReceived, {
    source: '/test',
    key: caseId,
    data: {
      complaintId: `c-${n}`,
      complaintNumber: `TS-${n}`,
      caseId,
      township: '341702001',
      type: 'service_quality',
      channel: 'hotline',
      summary: `第${n}条`,
      receivedAt: new Date().toISOString(),
    },
  });
}

export function messageOf(value: string | object, headers: Record<string, string> = {}, key = 'case-1'): KafkaMessage {
  return {
    key: Buffer.from(key),
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    offset: '42',
    timestamp: String(Date.now()),
    attributes: 0,
    headers,
  } as KafkaMessage;
}

export function subscriptionOf(
  handlers: TopicHandlers<typeof complaintsTopic> = { 'complaint.received.v1': async () => undefined },
  dedupe: 'inbox' | 'handler' = 'inbox',
): Subscription {
  return on(complaintsTopic, handlers, { dedupe });
}

export function deliveryOf(
  message: KafkaMessage,
  subscription: Subscription = subscriptionOf(),
  headers: Record<string, string> = {},
): Delivery & { heartbeats: number } {
  const delivery = {
    topic: complaintsTopic.name,
    partition: 1,
    message,
    headers,
    group: 'g-test',
    subscription,
    log: createLogger('bus-test', 'silent'),
    heartbeats: 0,
    heartbeat: async () => void delivery.heartbeats++,
  };
  return delivery;
}

/** A delivery already past the decode and validate steps. */
export function decodedDelivery(
  event: EventOf<typeof ComplaintReceived> = complaint(1),
  subscription: Subscription = subscriptionOf(),
  headers: Record<string, string> = {},
): Delivery & { heartbeats: number } {
  const delivery = deliveryOf(messageOf(event), subscription, headers);
  delivery.decoded = { event, definition: ComplaintReceived };
  return delivery;
}

/** An in-memory inbox that records what it was asked. */
export class MemoryInbox implements Inbox {
  readonly remembered = new Set<string>();
  readonly asked: string[] = [];

  async seen(group: string, eventId: string): Promise<boolean> {
    this.asked.push(`seen ${group}|${eventId}`);
    return this.remembered.has(`${group}|${eventId}`);
  }

  async remember(group: string, eventId: string): Promise<void> {
    this.asked.push(`remember ${group}|${eventId}`);
    this.remembered.add(`${group}|${eventId}`);
  }
}
