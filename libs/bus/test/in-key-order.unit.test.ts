import type { KafkaMessage } from 'kafkajs';
import { inKeyOrder } from '../src/in-key-order';

const message = (offset: number, key: string): KafkaMessage =>
  ({
    offset: String(offset),
    key: Buffer.from(key),
    value: Buffer.from(''),
    timestamp: '0',
    attributes: 0,
    headers: {},
  }) as KafkaMessage;

describe('a batch handled in key order', () => {
  it('keeps each key in offset order while different keys run side by side', async () => {
    const batch = [
      message(1, 'a'),
      message(2, 'b'),
      message(3, 'a'),
      message(4, 'c'),
      message(5, 'b'),
      message(6, 'a'),
    ];
    const seen: string[] = [];
    let running = 0;
    let most = 0;
    const result = await inKeyOrder(batch, 3, async (m) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5 + (Number(m.offset) % 3)));
      seen.push(`${m.key}${m.offset}`);
      running--;
    });
    expect(result).toEqual({ upTo: '6', error: undefined });
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a1', 'a3', 'a6']);
    expect(seen.filter((s) => s.startsWith('b'))).toEqual(['b2', 'b5']);
    expect(most).toBe(3);
  });

  it('stops a key at its failure and resolves offsets only below the first message not handled', async () => {
    const batch = [message(10, 'a'), message(11, 'b'), message(12, 'a'), message(13, 'a')];
    const handled: string[] = [];
    const result = await inKeyOrder(batch, 1, async (m) => {
      if (m.offset === '12') throw new Error('store away');
      handled.push(m.offset);
    });
    expect(handled).toEqual(['10']); // a's lane stops at 12; 13 never runs; b waits behind the failure
    expect(result.upTo).toBe('10');
    expect((result.error as Error).message).toBe('store away');
  });

  it('with concurrency 1 handles the batch in offset order per key', async () => {
    const batch = [message(1, 'x'), message(2, 'x'), message(3, 'x')];
    const seen: string[] = [];
    expect(await inKeyOrder(batch, 1, async (m) => void seen.push(m.offset))).toEqual({ upTo: '3', error: undefined });
    expect(seen).toEqual(['1', '2', '3']);
  });
});
