import type { FieldCipher } from '@carelink/store';
import type { Redis } from 'ioredis';
import type { CaseVisit, ChatCase, ResidentChats } from '../domain/resident-chats';

const YEAR = 365 * 24 * 3600;

/**
 * Who to tell: the chat of each case and complaint filed through the bot, each chat's language and the
 * phone it applied with. Kept in Redis under the bot's prefix.
 */
export class ChatDirectory implements ResidentChats {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Seals phone numbers at rest. */
    private readonly cipher: FieldCipher,
  ) {}

  private key(...parts: (string | number)[]) {
    return this.prefix + parts.join(':');
  }

  async rememberCase(caseId: string, chatId: number): Promise<void> {
    await this.redis.set(this.key('case', caseId), String(chatId), 'EX', YEAR);
  }

  async chatOfCase(caseId: string): Promise<number | undefined> {
    const v = await this.redis.get(this.key('case', caseId));
    return v ? Number(v) : undefined;
  }

  async rememberComplaint(complaintId: string, chatId: number): Promise<void> {
    await this.redis.set(this.key('complaint', complaintId), String(chatId), 'EX', YEAR);
  }

  async chatOfComplaint(complaintId: string): Promise<number | undefined> {
    const v = await this.redis.get(this.key('complaint', complaintId));
    return v ? Number(v) : undefined;
  }

  async setLocale(chatId: number, locale: string): Promise<void> {
    await this.redis.set(this.key('chat', chatId, 'locale'), locale, 'EX', YEAR);
  }

  async locale(chatId: number): Promise<string | undefined> {
    return (await this.redis.get(this.key('chat', chatId, 'locale'))) ?? undefined;
  }

  /** The region the chat chose (its catalogue, places and languages; where its requests go). */
  async setRegion(chatId: number, region: string): Promise<void> {
    await this.redis.set(this.key('chat', chatId, 'region'), region, 'EX', YEAR);
  }

  async region(chatId: number): Promise<string | undefined> {
    return (await this.redis.get(this.key('chat', chatId, 'region'))) ?? undefined;
  }

  /** A voice note sent at the menu, held (a day) while the resident says whether it is a request or a complaint. */
  async holdVoice(chatId: number, fileId: string): Promise<void> {
    await this.redis.set(this.key('chat', chatId, 'voice'), fileId, 'EX', 24 * 3600);
  }

  /** The voice note held for the chat, taken (it is used once). */
  async takeVoice(chatId: number): Promise<string | undefined> {
    return (await this.redis.getdel(this.key('chat', chatId, 'voice'))) ?? undefined;
  }

  async setPhone(chatId: number, phone: string): Promise<void> {
    await this.redis.set(this.key('chat', chatId, 'phone'), this.cipher.encrypt(phone), 'EX', YEAR);
  }

  async phone(chatId: number): Promise<string | undefined> {
    const sealed = await this.redis.get(this.key('chat', chatId, 'phone'));
    return sealed ? this.cipher.decrypt(sealed) : undefined;
  }

  async linkCase(chatId: number, known: ChatCase): Promise<void> {
    const key = this.key('chat', chatId, 'cases');
    await this.redis.hset(key, known.caseId, this.cipher.encrypt(JSON.stringify(known)));
    await this.redis.expire(key, YEAR);
  }

  async casesOf(chatId: number): Promise<ChatCase[]> {
    const sealed = Object.values(await this.redis.hgetall(this.key('chat', chatId, 'cases')));
    return sealed.map((s) => JSON.parse(this.cipher.decrypt(s)) as ChatCase).sort((a, b) => b.at.localeCompare(a.at));
  }

  async rememberVisit(visit: CaseVisit): Promise<void> {
    const key = this.key('case', visit.caseId, 'visits');
    await this.redis.hset(key, visit.visitId, JSON.stringify(visit));
    await this.redis.expire(key, YEAR);
  }

  async visitsOf(caseId: string): Promise<CaseVisit[]> {
    const raw = Object.values(await this.redis.hgetall(this.key('case', caseId, 'visits')));
    return raw.map((v) => JSON.parse(v) as CaseVisit).sort((a, b) => b.at.localeCompare(a.at));
  }

  /**
   * True the first time it is called for `what` (e.g. "registered:<caseId>"), false after: lets the HTTP
   * answer and the acknowledgement event race without telling the resident twice.
   */
  async firstTime(what: string): Promise<boolean> {
    return (await this.redis.set(this.key('told', what), '1', 'EX', 30 * 24 * 3600, 'NX')) === 'OK';
  }

  /** Whether the resident was already told of this event (a redelivered event is not pushed twice). */
  async toldOf(eventId: string): Promise<boolean> {
    return (await this.redis.exists(this.key('event', eventId))) === 1;
  }

  async markTold(eventId: string): Promise<void> {
    await this.redis.set(this.key('event', eventId), '1', 'EX', 30 * 24 * 3600);
  }

  /** Telegram may deliver an update twice (webhook retries, a restart before the offset moved on). */
  async firstDelivery(scope: string, updateId: number): Promise<boolean> {
    return (await this.redis.set(this.key('update', scope, updateId), '1', 'EX', 24 * 3600, 'NX')) === 'OK';
  }
}
