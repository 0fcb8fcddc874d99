import { DomainError } from '@carelink/contracts';
import { backOff } from 'exponential-backoff';
import { DeadLetter, decodedOf, errorText, type Step } from './consumer-step';

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Runs the steps within again after a failure, with exponential backoff and full jitter, up to
 * `attempts` times; then gives up with a `handler_failed` dead letter carrying the attempts made.
 * A DomainError is a refusal, not a fault: retrying cannot change the answer, so it is a `rejected`
 * dead letter at once, with the refusal's code.
 */
export function retryWithBackoff(policy: RetryPolicy): Step {
  return async (delivery, next) => {
    const { event } = decodedOf(delivery);
    let attempts = 0;
    try {
      await backOff(
        async () => {
          attempts++;
          await next();
        },
        {
          numOfAttempts: policy.attempts,
          startingDelay: policy.initialDelayMs,
          maxDelay: policy.maxDelayMs,
          jitter: 'full',
          retry: async (err: unknown, attempt: number) => {
            if (err instanceof DomainError || attempt >= policy.attempts) return false;
            delivery.log.warn({ err, eventId: event.id, type: event.type, attempt }, 'handler failed, retrying');
            await delivery.heartbeat();
            return true;
          },
        },
      );
    } catch (err) {
      if (err instanceof DomainError) throw new DeadLetter('rejected', errorText(err), attempts, err.code);
      throw new DeadLetter('handler_failed', errorText(err), attempts);
    }
  };
}
