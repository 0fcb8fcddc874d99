import type { KafkaMessage } from 'kafkajs';

/**
 * Handles a batch's messages: one key's messages in order, different keys side by side (at most
 * `concurrency` at once). A key whose message fails stops there. Returns the highest offset below which
 * every message was handled, and the first failure.
 */
export async function inKeyOrder(
  messages: KafkaMessage[],
  concurrency: number,
  handle: (message: KafkaMessage) => Promise<void>,
): Promise<{ upTo?: string; error?: unknown }> {
  const lanes = new Map<string, KafkaMessage[]>();
  for (const m of messages) {
    const key = m.key?.toString('utf8') ?? '';
    const lane = lanes.get(key);
    if (lane) lane.push(m);
    else lanes.set(key, [m]);
  }
  const done = new Set<string>();
  let error: unknown;
  const queue = [...lanes.values()];
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const m of lane) {
        if (error !== undefined) return;
        try {
          await handle(m);
          done.add(m.offset);
        } catch (err) {
          error ??= err;
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, lanes.size) }, worker));
  let upTo: string | undefined;
  for (const m of messages) {
    if (!done.has(m.offset)) break;
    upTo = m.offset;
  }
  return { upTo, error };
}
