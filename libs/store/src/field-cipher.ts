import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Encrypts personal fields (ID numbers, phones) at rest with AES-256-GCM, and derives a keyed
 * blind index (HMAC-SHA256) so that equal values can be found without decrypting.
 * Keys are 32 bytes, given as 64 hex characters.
 */
export class FieldCipher {
  private readonly key: Buffer;
  private readonly indexKey: Buffer;

  constructor(encryptionKeyHex: string, indexKeyHex: string) {
    this.key = FieldCipher.parseKey(encryptionKeyHex, 'encryption key');
    this.indexKey = FieldCipher.parseKey(indexKeyHex, 'index key');
  }

  private static parseKey(hex: string, what: string): Buffer {
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`the ${what} must be 64 hex characters (32 bytes)`);
    return Buffer.from(hex, 'hex');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed digest: the same value always gives the same index, the value cannot be recovered. */
  blindIndex(value: string, purpose: string): string {
    return createHmac('sha256', this.indexKey).update(`${purpose}:${value}`).digest('hex');
  }
}
