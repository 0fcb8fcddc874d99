import { skipUnhandledType } from '../src/skip-unhandled-type';
import { deliveryOf, messageOf, subscriptionOf } from './deliveries';

describe('the skip-unhandled-type step', () => {
  const run = async (headers: Record<string, string>) => {
    let next = 0;
    await skipUnhandledType(deliveryOf(messageOf('not parsed'), subscriptionOf(), headers), async () => void next++);
    return next;
  };

  it('passes over a type the topic carries but the group does not act on, by its ce_type header', async () => {
    expect(await run({ ce_type: 'complaint.rated.v1' })).toBe(0);
  });

  it('goes on with a type the group handles', async () => {
    expect(await run({ ce_type: 'complaint.received.v1' })).toBe(1);
  });

  it('goes on with a type the topic does not carry, so that it is dead-lettered', async () => {
    expect(await run({ ce_type: 'referral.created.v1' })).toBe(1);
  });

  it('goes on without a ce_type header (the envelope tells)', async () => {
    expect(await run({})).toBe(1);
  });
});
