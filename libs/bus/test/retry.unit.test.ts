import { DomainError } from '@carelink/contracts';
import { DeadLetter } from '../src/consumer-step';
import { retryWithBackoff } from '../src/retry';
import { decodedDelivery } from './deliveries';

describe('the retry step', () => {
  const retry = retryWithBackoff({ attempts: 4, initialDelayMs: 1, maxDelayMs: 5 });

  it('runs a handler that fails twice a third time, beating the heart between attempts', async () => {
    const delivery = decodedDelivery();
    let calls = 0;
    await retry(delivery, async () => {
      if (++calls < 3) throw new Error('transient');
    });
    expect(calls).toBe(3);
    expect(delivery.heartbeats).toBe(2);
  });

  it('gives up after the policy’s attempts with a handler_failed dead letter that carries them', async () => {
    let calls = 0;
    const error = await retry(decodedDelivery(), async () => {
      calls++;
      throw new Error('always broken');
    }).catch((err: unknown) => err);
    expect(calls).toBe(4);
    expect(error).toBeInstanceOf(DeadLetter);
    expect(error).toMatchObject({ reason: 'handler_failed', attempts: 4, message: 'Error: always broken' });
  });

  it('takes a DomainError as a refusal: no retry, a rejected dead letter with its code', async () => {
    const delivery = decodedDelivery();
    let calls = 0;
    const error = await retry(delivery, async () => {
      calls++;
      throw DomainError.conflict('already_closed', 'the complaint is already closed');
    }).catch((err: unknown) => err);
    expect(calls).toBe(1);
    expect(delivery.heartbeats).toBe(0);
    expect(error).toBeInstanceOf(DeadLetter);
    expect(error).toMatchObject({
      reason: 'rejected',
      attempts: 1,
      code: 'already_closed',
      message: 'DomainError: the complaint is already closed',
    });
  });

  it('takes a refusal after a transient failure as a refusal too, with the attempts made', async () => {
    let calls = 0;
    const error = await retry(decodedDelivery(), async () => {
      if (++calls === 1) throw new Error('transient');
      throw DomainError.notFound('The case', '个案');
    }).catch((err: unknown) => err);
    expect(calls).toBe(2);
    expect(error).toMatchObject({ reason: 'rejected', attempts: 2, code: 'not_found' });
  });
});
