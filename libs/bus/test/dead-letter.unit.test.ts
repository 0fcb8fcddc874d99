import { MessageDeadLettered, type EventOf } from '@carelink/contracts';
import { currentTraceparent, inSpan, ServiceMetrics, startTracing, stopTracing } from '@carelink/telemetry';
import { DeadLetter } from '../src/consumer-step';
import { deadLetterTo } from '../src/dead-letter';
import { complaint, deliveryOf, messageOf } from './deliveries';

describe('the dead-letter step', () => {
  beforeAll(() => startTracing('bus-step-test'));
  afterAll(() => stopTracing());

  const parked: { event: EventOf<typeof MessageDeadLettered>; traceparent?: string }[] = [];
  let metrics: ServiceMetrics;
  let step: ReturnType<typeof deadLetterTo>;
  beforeEach(() => {
    parked.splice(0);
    metrics = new ServiceMetrics('bus-step-test');
    step = deadLetterTo({
      publish: async (event) => void parked.push({ event, traceparent: currentTraceparent() }),
      source: '/carelink/complaints',
      metrics,
    });
  });

  it('parks a message a step gave up on, with the reason, the original and the attempts', async () => {
    const value = JSON.stringify(complaint(1));
    const delivery = deliveryOf(messageOf(value, {}, 'case-9'), undefined, { ce_type: 'complaint.received.v1' });
    await step(delivery, async () => {
      throw new DeadLetter('handler_failed', 'Error: always broken', 5);
    });
    expect(parked).toHaveLength(1);
    const { event } = parked[0]!;
    expect(MessageDeadLettered.schema.parse(event.data)).toEqual(event.data);
    expect(event).toMatchObject({
      type: 'message.deadlettered.v1',
      source: '/carelink/complaints',
      partitionkey: 'case-9',
    });
    expect(event.data).toMatchObject({
      topic: 'carelink.complaints.complaints.v1',
      partition: 1,
      offset: '42',
      consumerGroup: 'g-test',
      key: 'case-9',
      value,
      headers: { ce_type: 'complaint.received.v1' },
      reason: 'handler_failed',
      error: 'Error: always broken',
      attempts: 5,
    });
    expect(event.data.code).toBeUndefined();
    expect(delivery.outcome).toBe('dead_lettered');
    expect((await metrics.deadLetters.get()).values).toEqual([
      { labels: { topic: 'carelink.complaints.complaints.v1', group: 'g-test', reason: 'handler_failed' }, value: 1 },
    ]);
  });

  it('parks a refusal with its code', async () => {
    await step(deliveryOf(messageOf('{}')), async () => {
      throw new DeadLetter('rejected', 'DomainError: the complaint is already closed', 1, 'already_closed');
    });
    expect(parked[0]!.event.data).toMatchObject({ reason: 'rejected', code: 'already_closed', attempts: 1 });
  });

  it('publishes in the trace of the message it parks', async () => {
    const traceparent = await inSpan('publish', {}, async () => currentTraceparent()!);
    await step(deliveryOf(messageOf('x'), undefined, { traceparent }), async () => {
      throw new DeadLetter('invalid_envelope', 'message value is not JSON');
    });
    expect(parked[0]!.traceparent).toBe(traceparent);
  });

  it('lets any other error through unparked: an infrastructure failure makes kafkajs fetch the batch again', async () => {
    const delivery = deliveryOf(messageOf('{}'));
    await expect(
      step(delivery, async () => {
        throw new Error('MongoServerSelectionError');
      }),
    ).rejects.toThrow('MongoServerSelectionError');
    expect(parked).toEqual([]);
    expect(delivery.outcome).toBeUndefined();
  });

  it('leaves a message handled without trouble alone', async () => {
    await step(deliveryOf(messageOf('{}')), async () => undefined);
    expect(parked).toEqual([]);
  });
});
