import type { FieldCipher } from '@carelink/store';
import type { Redis } from 'ioredis';
import type { ApplicationAnswers, Registration } from '../domain/application';

export interface ConfirmedApplication {
  applicationId: string;
  chatId: number;
  answers: ApplicationAnswers;
  confirmedAt: string;
  /** Set once intake has registered it: never submitted again after that. */
  registration?: Registration;
}

/** Applications a resident has confirmed, kept (sealed) until intake registers them, and 30 days after. */
export class ApplicationBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher: FieldCipher,
  ) {}

  private key(id: string) {
    return `${this.prefix}application:${id}`;
  }

  async save(application: ConfirmedApplication): Promise<void> {
    const sealed = this.cipher.encrypt(JSON.stringify(application));
    await this.redis.set(this.key(application.applicationId), sealed, 'EX', 30 * 24 * 3600);
  }

  async find(id: string): Promise<ConfirmedApplication | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(this.cipher.decrypt(raw)) as ConfirmedApplication) : undefined;
  }

  async recordRegistration(id: string, registration: Registration): Promise<ConfirmedApplication | undefined> {
    const found = await this.find(id);
    if (!found) return undefined;
    const updated = { ...found, registration };
    await this.save(updated);
    return updated;
  }
}
