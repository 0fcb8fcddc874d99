import type { Redis } from 'ioredis';

const YEAR = 365 * 24 * 3600;

/** A neighbour or village coordinator whose chat receives doorbell alerts. */
export interface AlertContact {
  kind: 'neighbour' | 'coordinator';
  id: string;
  name: string;
  region: string;
}

/**
 * Who receives doorbell alerts where: the chat each neighbour or coordinator linked with their one-time code, and
 * the contact a chat belongs to (who pressed [我去看看]). Kept in Redis under the bot's prefix, beside the chat
 * directory; a chat linked again (a new code) replaces its earlier link.
 */
export class AlertContacts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(...parts: (string | number)[]) {
    return `${this.prefix}doorbell:${parts.join(':')}`;
  }

  async link(chatId: number, contact: AlertContact): Promise<void> {
    const earlier = await this.contactOf(chatId);
    if (earlier) await this.redis.del(this.key('contact', earlier.kind, earlier.id));
    await this.redis.set(this.key('contact', contact.kind, contact.id), String(chatId), 'EX', YEAR);
    await this.redis.set(this.key('chat', chatId), JSON.stringify(contact), 'EX', YEAR);
  }

  async chatOf(contact: Pick<AlertContact, 'kind' | 'id'>): Promise<number | undefined> {
    const v = await this.redis.get(this.key('contact', contact.kind, contact.id));
    return v ? Number(v) : undefined;
  }

  async contactOf(chatId: number): Promise<AlertContact | undefined> {
    const v = await this.redis.get(this.key('chat', chatId));
    return v ? (JSON.parse(v) as AlertContact) : undefined;
  }

  /**
   * Whether one message of an alert (`what`: the event and the recipient) was sent, and how: kept so that a
   * redelivered event reports the first outcome again instead of alerting the chat twice.
   */
  async outcomeOf(what: string): Promise<string | undefined> {
    return (await this.redis.get(this.key('sent', what))) ?? undefined;
  }

  async keepOutcome(what: string, outcome: string): Promise<void> {
    await this.redis.set(this.key('sent', what), outcome, 'EX', 30 * 24 * 3600);
  }
}
