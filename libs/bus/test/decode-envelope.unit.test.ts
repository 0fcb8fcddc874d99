import type { Delivery } from '../src/consumer-step';
import { DeadLetter } from '../src/consumer-step';
import { decodeEnvelope } from '../src/decode-envelope';
import { complaint, deliveryOf, messageOf, subscriptionOf } from './deliveries';

describe('the decode-envelope step', () => {
  const decode = async (delivery: Delivery) => {
    const passed: Delivery['decoded'][] = [];
    await decodeEnvelope(delivery, async () => void passed.push(delivery.decoded));
    return passed;
  };

  it('hands on the envelope with the definition of its type', async () => {
    const event = complaint(1);
    const passed = await decode(deliveryOf(messageOf(event)));
    expect(passed).toHaveLength(1);
    expect(passed[0]!.event).toMatchObject({ id: event.id, type: 'complaint.received.v1' });
    expect(passed[0]!.definition.type).toBe('complaint.received.v1');
  });

  it('dead-letters a value that is not JSON', async () => {
    await expect(decode(deliveryOf(messageOf('not json at all')))).rejects.toMatchObject({
      reason: 'invalid_envelope',
      message: 'message value is not JSON',
    });
  });

  it('dead-letters JSON that is not a CloudEvent', async () => {
    await expect(decode(deliveryOf(messageOf({ hello: 'world' })))).rejects.toMatchObject({
      reason: 'invalid_envelope',
    });
  });

  it('dead-letters a type its topic does not carry', async () => {
    const stray = { ...complaint(1), type: 'referral.created.v1' };
    const error = await decode(deliveryOf(messageOf(stray))).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DeadLetter);
    expect(error).toMatchObject({ reason: 'unknown_event_type' });
    expect((error as Error).message).toContain('referral.created.v1');
  });

  it('stops at a carried type the group does not act on, without looking at its payload', async () => {
    const rated = { ...complaint(1), type: 'complaint.rated.v1', data: { not: 'a rating' } };
    expect(await decode(deliveryOf(messageOf(rated), subscriptionOf()))).toEqual([]);
  });
});
