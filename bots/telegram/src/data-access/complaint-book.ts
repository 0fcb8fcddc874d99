import type { FieldCipher } from '@carelink/store';
import type { Redis } from 'ioredis';
import type { ComplaintStore } from '../domain/file-complaint/file-complaint';
import type { PendingComplaint } from '../domain/file-complaint/filing';

/** Complaints a resident has made, kept (sealed) until the complaints service has them, and 30 days after. */
export class ComplaintBook implements ComplaintStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher: FieldCipher,
  ) {}

  private key(id: string) {
    return `${this.prefix}complaint-filing:${id}`;
  }

  async save(pending: PendingComplaint): Promise<void> {
    await this.redis.set(this.key(pending.filingId), this.cipher.encrypt(JSON.stringify(pending)), 'EX', 30 * 86400);
  }

  async find(id: string): Promise<PendingComplaint | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(this.cipher.decrypt(raw)) as PendingComplaint) : undefined;
  }
}
