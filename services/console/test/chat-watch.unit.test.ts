import type { StaffPrincipal } from '@carelink/auth';
import { createLogger } from '@carelink/telemetry';
import type { OperatorChats } from '../src/data-access/service-calls';
import type { ChatQueueEvent, WaitingChat } from '../src/domain/chat-queue/chat-queue-changes';
import { ChatWatch } from '../src/entry-points/http/chat-events';

const operator = (sub: string, region = 'chizhou'): StaffPrincipal => ({
  sub,
  role: 'hotline_operator',
  region,
  jurisdiction: '3417',
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bot's queue as a list the test changes; every read is noted with whom it was made as. */
function queue() {
  const reads: string[] = [];
  let waiting: WaitingChat[] = [];
  const chats = {
    waiting: async (principal: StaffPrincipal) => {
      reads.push(principal.sub);
      return waiting;
    },
  } as unknown as OperatorChats;
  return { chats, reads, set: (w: WaitingChat[]) => void (waiting = w) };
}

describe('one watch of the hand-over queue per process', () => {
  it('reads while operators listen, fans each change out to all of them, stops when they leave and starts again', async () => {
    const q = queue();
    const watch = new ChatWatch(q.chats, 20, createLogger('test', 'silent'));
    const a: ChatQueueEvent[] = [];
    const b: ChatQueueEvent[] = [];
    q.set([{ chatId: 1, requestedAt: 't1' }]);
    const leaveA = watch.subscribe({ principal: operator('op-a'), send: (e) => a.push(e) });
    await sleep(60);
    expect(a).toEqual([{ event: 'chat-waiting', data: { chatId: 1, requestedAt: 't1' } }]);
    // A second operator is sent what waits now, at once.
    const leaveB = watch.subscribe({ principal: operator('op-b'), send: (e) => b.push(e) });
    expect(b).toEqual([{ event: 'chat-waiting', data: { chatId: 1, requestedAt: 't1' } }]);
    q.set([]);
    await sleep(60);
    expect(a.at(-1)).toEqual({ event: 'chat-taken', data: { chatId: 1 } });
    expect(b.at(-1)).toEqual({ event: 'chat-taken', data: { chatId: 1 } });
    expect(new Set(q.reads)).toEqual(new Set(['op-a']));

    leaveA();
    leaveB();
    expect(watch.listening).toBe(0);
    await sleep(60);
    const readsWhileAlone = q.reads.length;
    await sleep(60);
    expect(q.reads.length).toBe(readsWhileAlone);

    q.set([{ chatId: 2, requestedAt: 't2' }]);
    const c: ChatQueueEvent[] = [];
    const leaveC = watch.subscribe({ principal: operator('op-c'), send: (e) => c.push(e) });
    await sleep(60);
    expect(c).toEqual([{ event: 'chat-waiting', data: { chatId: 2, requestedAt: 't2' } }]);
    expect(q.reads.at(-1)).toBe('op-c');
    leaveC();
    watch.stop();
  });

  it('reads each region as one of its own operators', async () => {
    const q = queue();
    const watch = new ChatWatch(q.chats, 20, createLogger('test', 'silent'));
    const leave = [
      watch.subscribe({ principal: operator('cz-op'), send: () => undefined }),
      watch.subscribe({ principal: operator('cj-op', 'changji'), send: () => undefined }),
    ];
    await sleep(50);
    expect(new Set(q.reads)).toEqual(new Set(['cz-op', 'cj-op']));
    leave.forEach((l) => l());
    watch.stop();
  });
});
