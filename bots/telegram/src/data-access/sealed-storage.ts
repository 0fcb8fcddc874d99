import type { FieldCipher } from '@carelink/store';

interface StringStorage {
  read(key: string): Promise<string | undefined> | string | undefined;
  write(key: string, value: string): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/**
 * Wraps a grammY storage adapter (here Redis) so that what it stores is sealed with AES-256-GCM
 * (FieldCipher): conversations hold ID numbers and phones, which carelink keeps encrypted at rest.
 */
export class SealedStorage<T> {
  constructor(
    private readonly inner: StringStorage,
    private readonly cipher: FieldCipher,
  ) {}

  async read(key: string): Promise<T | undefined> {
    const sealed = await this.inner.read(key);
    return sealed ? (JSON.parse(this.cipher.decrypt(sealed)) as T) : undefined;
  }

  async write(key: string, value: T): Promise<void> {
    await this.inner.write(key, this.cipher.encrypt(JSON.stringify(value)));
  }

  async delete(key: string): Promise<void> {
    await this.inner.delete(key);
  }
}
