import { ServiceMetrics } from '@carelink/telemetry';
import { countOutcome } from '../src/count-outcome';
import { decodedDelivery, deliveryOf, messageOf } from './deliveries';

describe('the count-outcome step', () => {
  it('counts each message by its outcome and type once the steps within are done', async () => {
    const metrics = new ServiceMetrics('bus-step-test');
    const step = countOutcome(metrics);
    await step(decodedDelivery(), async () => undefined); // passed over: no outcome
    const handled = decodedDelivery();
    await step(handled, async () => void (handled.outcome = 'handled'));
    const poison = deliveryOf(messageOf('not json'));
    await step(poison, async () => void (poison.outcome = 'dead_lettered'));
    expect((await metrics.eventsConsumed.get()).values.map((v) => ({ ...v.labels, n: v.value }))).toEqual([
      {
        topic: 'carelink.complaints.complaints.v1',
        type: 'complaint.received.v1',
        group: 'g-test',
        outcome: 'handled',
        n: 1,
      },
      { topic: 'carelink.complaints.complaints.v1', type: 'unknown', group: 'g-test', outcome: 'dead_lettered', n: 1 },
    ]);
  });

  it('counts nothing when the steps within fail', async () => {
    const metrics = new ServiceMetrics('bus-step-test');
    await expect(
      countOutcome(metrics)(decodedDelivery(), async () => Promise.reject(new Error('store away'))),
    ).rejects.toThrow('store away');
    expect((await metrics.eventsConsumed.get()).values).toEqual([]);
  });
});
