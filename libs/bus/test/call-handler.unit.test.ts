import type { DeliveryInfo } from '../src/subscription';
import { callHandler } from '../src/call-handler';
import { complaint, decodedDelivery, subscriptionOf } from './deliveries';

describe('the call-handler step', () => {
  it('hands the event and where it came from to the handler of its type', async () => {
    const calls: { complaintId: string; info: DeliveryInfo }[] = [];
    const subscription = subscriptionOf({
      'complaint.received.v1': async (event, info) => void calls.push({ complaintId: event.data.complaintId, info }),
    });
    const delivery = decodedDelivery(complaint(7), subscription, { ce_type: 'complaint.received.v1' });
    await callHandler(delivery, async () => undefined);
    expect(calls).toEqual([
      {
        complaintId: 'c-7',
        info: {
          topic: 'carelink.complaints.complaints.v1',
          partition: 1,
          offset: '42',
          headers: { ce_type: 'complaint.received.v1' },
        },
      },
    ]);
    expect(delivery.outcome).toBe('handled');
  });

  it('lets the handler’s error through, leaving the outcome open', async () => {
    const delivery = decodedDelivery(
      complaint(1),
      subscriptionOf({
        'complaint.received.v1': async () => {
          throw new Error('store write failed');
        },
      }),
    );
    await expect(callHandler(delivery, async () => undefined)).rejects.toThrow('store write failed');
    expect(delivery.outcome).toBeUndefined();
  });
});
