import { skipSeenEvents } from '../src/inbox';
import { complaint, decodedDelivery, MemoryInbox, subscriptionOf } from './deliveries';

describe('the inbox step', () => {
  it('hands on an event the group has not seen, and remembers it once handled', async () => {
    const inbox = new MemoryInbox();
    const event = complaint(1);
    const delivery = decodedDelivery(event);
    let handled = 0;
    await skipSeenEvents(inbox)(delivery, async () => {
      expect(inbox.remembered.size).toBe(0); // not before it is handled
      handled++;
    });
    expect(handled).toBe(1);
    expect([...inbox.remembered]).toEqual([`g-test|${event.id}`]);
  });

  it('skips an event the group has handled before, as a duplicate', async () => {
    const inbox = new MemoryInbox();
    const event = complaint(1);
    const step = skipSeenEvents(inbox);
    let handled = 0;
    await step(decodedDelivery(event), async () => void handled++);
    const again = decodedDelivery(event);
    await step(again, async () => void handled++);
    expect(handled).toBe(1);
    expect(again.outcome).toBe('duplicate');
  });

  it('does not remember an event whose handling failed, so that it comes again', async () => {
    const inbox = new MemoryInbox();
    const failing = skipSeenEvents(inbox)(decodedDelivery(), async () => {
      throw new Error('handler failed');
    });
    await expect(failing).rejects.toThrow('handler failed');
    expect(inbox.remembered.size).toBe(0);
  });

  it('lets a store that does not answer fail the delivery (an infrastructure failure, not a dead letter)', async () => {
    const away = {
      seen: async () => Promise.reject(new Error('MongoServerSelectionError')),
      remember: async () => undefined,
    };
    let handled = 0;
    await expect(skipSeenEvents(away)(decodedDelivery(), async () => void handled++)).rejects.toThrow(
      'MongoServerSelectionError',
    );
    expect(handled).toBe(0);
  });

  it('leaves the inbox alone for subscriptions whose handlers dedupe themselves', async () => {
    const inbox = new MemoryInbox();
    const event = complaint(1);
    const step = skipSeenEvents(inbox);
    let handled = 0;
    for (let i = 0; i < 2; i++)
      await step(decodedDelivery(event, subscriptionOf(undefined, 'handler')), async () => void handled++);
    expect(handled).toBe(2);
    expect(inbox.asked).toEqual([]);
  });
});
