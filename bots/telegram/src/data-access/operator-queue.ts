import type { FieldCipher } from '@carelink/store';
import type { Redis } from 'ioredis';

export interface HandoverMessage {
  from: 'resident' | 'operator';
  text: string;
  at: string;
}

export interface Handover {
  chatId: number;
  state: 'waiting' | 'taken';
  operator?: string;
  requestedAt: string;
  locale: string;
  /**
   * The region of the chat when it was handed over: only that region's operators see and serve it. Absent on
   * hand-overs kept before the bot served several regions (they are the bot's default region's).
   */
  region?: string;
}

/**
 * Chats handed over to a hotline operator: a waiting list (oldest first), each chat's state (with its region)
 * and its transcript (sealed: residents tell operators their ID numbers and phones). Operators list, take, reply
 * and close through the bot's operator API.
 */
export class OperatorQueue {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher: FieldCipher,
  ) {}

  private get waitingKey() {
    return `${this.prefix}operator:waiting`;
  }
  private chatKey(chatId: number) {
    return `${this.prefix}operator:chat:${chatId}`;
  }
  private transcriptKey(chatId: number) {
    return `${this.prefix}operator:transcript:${chatId}`;
  }

  async request(chatId: number, chat: { locale: string; region: string }, now: Date): Promise<void> {
    const handover: Handover = { chatId, state: 'waiting', requestedAt: now.toISOString(), ...chat };
    const created = await this.redis.set(this.chatKey(chatId), JSON.stringify(handover), 'NX');
    if (created === 'OK') await this.redis.rpush(this.waitingKey, String(chatId));
  }

  async handover(chatId: number): Promise<Handover | undefined> {
    const raw = await this.redis.get(this.chatKey(chatId));
    return raw ? (JSON.parse(raw) as Handover) : undefined;
  }

  async waiting(): Promise<Handover[]> {
    const ids = await this.redis.lrange(this.waitingKey, 0, -1);
    const found = await Promise.all(ids.map((id) => this.handover(Number(id))));
    return found.filter((h): h is Handover => h !== undefined);
  }

  /** An operator takes a waiting chat; false when it is not waiting (taken by another, or closed). */
  async take(chatId: number, operator: string): Promise<boolean> {
    const removed = await this.redis.lrem(this.waitingKey, 1, String(chatId));
    if (removed === 0) return false;
    const h = await this.handover(chatId);
    if (!h) return false;
    await this.redis.set(this.chatKey(chatId), JSON.stringify({ ...h, state: 'taken', operator }));
    return true;
  }

  async append(chatId: number, message: HandoverMessage): Promise<void> {
    await this.redis.rpush(this.transcriptKey(chatId), this.cipher.encrypt(JSON.stringify(message)));
    await this.redis.expire(this.transcriptKey(chatId), 30 * 24 * 3600);
  }

  async transcript(chatId: number): Promise<HandoverMessage[]> {
    return (await this.redis.lrange(this.transcriptKey(chatId), 0, -1)).map(
      (m) => JSON.parse(this.cipher.decrypt(m)) as HandoverMessage,
    );
  }

  /**
   * The operator's seat number (热线坐席 N号), what a resident is told when the operator has no display name:
   * numbered in the order operators first took a chat, the same number ever after.
   */
  async seat(operator: string): Promise<number> {
    const seats = `${this.prefix}operator:seats`;
    const held = await this.redis.hget(seats, operator);
    if (held) return Number(held);
    const next = await this.redis.incr(`${this.prefix}operator:seat-counter`);
    await this.redis.hsetnx(seats, operator, String(next));
    return Number(await this.redis.hget(seats, operator));
  }

  async close(chatId: number): Promise<void> {
    await this.redis.lrem(this.waitingKey, 0, String(chatId));
    await this.redis.del(this.chatKey(chatId));
  }
}
