import type { FieldCipher } from '@carelink/store';
import type { Redis } from 'ioredis';
import type { ConfirmedApplication } from '../domain/application';
import type { ApplicationStore } from '../domain/submit-application/submit-application';

/** Applications a resident has confirmed, kept (sealed) until intake registers them, and 30 days after. */
export class ApplicationBook implements ApplicationStore {
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
}
