import type TelegramServer from 'telegram-test-api';

type Client = ReturnType<TelegramServer['getClient']>;

export interface BotMessage {
  text: string;
  /** Button labels of the reply keyboard or inline keyboard (with their callback data). */
  buttons: { text: string; data?: string }[];
}

/**
 * One resident chatting with the bot through the local Bot API emulator (telegram-test-api): used by the
 * terminal chat, the end-to-end tests and the benchmark.
 */
export class EmulatorChat {
  private readonly client: Client;
  private readonly apiUrl: string;
  private readonly received: BotMessage[] = [];
  private read = 0;

  constructor(
    server: TelegramServer,
    private readonly token: string,
    readonly userId: number,
    readonly firstName = `居民${userId}`,
    /** How long `expect` waits by default. */
    private readonly timeoutMs = 15_000,
  ) {
    this.apiUrl = server.config.apiURL;
    this.client = server.getClient(token, { userId, chatId: userId, firstName, type: 'private', timeout: 5000 });
  }

  async say(text: string): Promise<void> {
    // A command with its payload (`/start changji`, as a deep link sends it): the entity covers the command only.
    if (text.startsWith('/')) await this.client.sendCommand(this.client.makeCommand(text));
    else await this.client.sendMessage(this.client.makeMessage(text));
  }

  /**
   * Shares the resident's own phone number, as the "share contact" button does; `owner` forwards someone
   * else's card instead (their user id, or null for a card without one).
   */
  async shareContact(phone: string, owner: number | null = this.userId): Promise<void> {
    await this.send({
      contact: { phone_number: phone, first_name: this.firstName, ...(owner !== null ? { user_id: owner } : {}) },
    });
  }

  async sendVoice(fileId: string): Promise<void> {
    await this.send({ voice: { file_id: fileId, file_unique_id: fileId, duration: 3, mime_type: 'audio/ogg' } });
  }

  async sendSticker(): Promise<void> {
    await this.send({
      sticker: { file_id: 'sticker-1', file_unique_id: 'sticker-1', type: 'regular', width: 512, height: 512 },
    });
  }

  async sendPhoto(): Promise<void> {
    await this.send({ photo: [{ file_id: 'photo-1', file_unique_id: 'photo-1', width: 640, height: 480 }] });
  }

  async tap(data: string): Promise<void> {
    await this.client.sendCallback(this.client.makeCallbackQuery(data) as never);
  }

  private async send(fields: Record<string, unknown>): Promise<void> {
    const message = this.client.makeMessage('', fields as never) as Record<string, unknown>;
    delete message.text;
    await this.client.sendMessage(message as never);
  }

  private async fetch(): Promise<void> {
    // The emulator's client API, called once (its own client keeps polling until a message comes).
    const res = await fetch(`${this.apiUrl}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: this.token, chatId: this.userId }),
    });
    const updates = (await res.json()) as { result: { message: { text: string; reply_markup?: unknown } }[] };
    for (const u of updates.result) {
      const markup = (
        typeof u.message.reply_markup === 'string' ? JSON.parse(u.message.reply_markup) : u.message.reply_markup
      ) as
        { keyboard?: { text: string }[][]; inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
      const buttons = [
        ...(markup?.keyboard ?? []).flat().map((b) => ({ text: b.text })),
        ...(markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data })),
      ];
      this.received.push({ text: u.message.text, buttons });
    }
  }

  /** Messages the bot sent that no earlier call returned or passed over. */
  async poll(): Promise<BotMessage[]> {
    await this.fetch();
    const fresh = this.received.slice(this.read);
    this.read = this.received.length;
    return fresh;
  }

  /** Waits for a bot message matching `pattern`; earlier unmatched ones are passed over. */
  async expect(pattern: RegExp | string, ms = this.timeoutMs): Promise<BotMessage> {
    const end = Date.now() + ms;
    const matches = (m: BotMessage) => (typeof pattern === 'string' ? m.text.includes(pattern) : pattern.test(m.text));
    for (;;) {
      await this.fetch();
      const i = this.received.findIndex((m, index) => index >= this.read && matches(m));
      if (i >= 0) {
        this.read = i + 1;
        return this.received[i]!;
      }
      if (Date.now() > end)
        throw new Error(
          `resident ${this.userId}: no message matching ${pattern} within ${ms} ms; got: ${this.received
            .slice(this.read)
            .map((m) => m.text)
            .join(' | ')}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Says something and waits for the answer matching `pattern`. */
  async ask(text: string, pattern: RegExp | string, ms?: number): Promise<BotMessage> {
    await this.say(text);
    return this.expect(pattern, ms);
  }
}
