import type { FieldCipher } from '@carelink/store';
import type { Redis } from 'ioredis';
import type { CallState } from '../domain/call-flow';

const TTL_SECONDS = 3600;

/**
 * Live call state and the answers already given, in Redis. A provider that retries a webhook (same call,
 * same step) gets the answer it was given the first time, and nothing happens twice: the first delivery
 * claims the step, a concurrent retry waits for its answer. The state (it holds a keyed-in ID number) and
 * the answers (the confirm step reads the number back) are sealed with the adapter's cipher.
 */
export class CallStore {
  constructor(
    private readonly redis: Redis,
    private readonly cipher: FieldCipher,
    private readonly prefix = 'ivr',
  ) {}

  private key(callSid: string, what: string) {
    return `${this.prefix}:${callSid}:${what}`;
  }

  async state(callSid: string): Promise<CallState | null> {
    const raw = await this.redis.get(this.key(callSid, 'state'));
    return raw ? (JSON.parse(this.cipher.decrypt(raw)) as CallState) : null;
  }

  /** Claims a step; false when another delivery of it was here first. */
  async claim(callSid: string, step: number): Promise<boolean> {
    return (await this.redis.set(this.key(callSid, `claim:${step}`), '1', 'EX', TTL_SECONDS, 'NX')) === 'OK';
  }

  /** Saves the new state and the answer of a step together. */
  async save(state: CallState, step: number, answer: string): Promise<void> {
    await this.redis
      .multi()
      .set(this.key(state.callSid, 'state'), this.cipher.encrypt(JSON.stringify(state)), 'EX', TTL_SECONDS)
      .set(this.key(state.callSid, `answer:${step}`), this.cipher.encrypt(answer), 'EX', TTL_SECONDS)
      .exec();
  }

  /** The answer given to a step, waiting up to `waitMs` for a concurrent first delivery to finish. */
  async answer(callSid: string, step: number, waitMs = 10_000): Promise<string | null> {
    const until = Date.now() + waitMs;
    for (;;) {
      const answer = await this.redis.get(this.key(callSid, `answer:${step}`));
      if (answer !== null) return this.cipher.decrypt(answer);
      if (Date.now() > until) return null;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Lets a step be claimed again (its processing failed before an answer was saved). */
  async release(callSid: string, step: number): Promise<void> {
    await this.redis.del(this.key(callSid, `claim:${step}`));
  }
}
