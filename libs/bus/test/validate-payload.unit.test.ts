import { DeadLetter } from '../src/consumer-step';
import { validatePayload } from '../src/validate-payload';
import { complaint, decodedDelivery } from './deliveries';

describe('the validate-payload step', () => {
  it('hands on the payload as its schema parses it (defaults filled in)', async () => {
    const event = complaint(1);
    const raw = { ...event, data: { ...event.data, kind: undefined, anonymous: undefined } };
    const delivery = decodedDelivery(raw as unknown as typeof event);
    let seen: unknown;
    await validatePayload(delivery, async () => void (seen = delivery.decoded?.event.data));
    expect(seen).toMatchObject({ complaintId: 'c-1', kind: 'complaint', anonymous: false });
  });

  it('dead-letters a payload that breaks its schema, without going on', async () => {
    const event = complaint(1);
    const delivery = decodedDelivery({ ...event, data: { ...event.data, summary: '' } });
    let next = 0;
    const error = await validatePayload(delivery, async () => void next++).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DeadLetter);
    expect(error).toMatchObject({ reason: 'invalid_payload' });
    expect((error as Error).message).toContain('summary');
    expect(next).toBe(0);
  });
});
