import type { FieldCipher } from '@carelink/store';
import { randomInt } from 'node:crypto';
import type { IssuedCode } from '../domain/verify-delivery/check-in-out';

/**
 * One-time codes of visits: six digits from the system's secure random source, kept only as a keyed digest
 * (HMAC-SHA256 with the service's index key, bound to the visit) so that a copy of the database does not give
 * the codes away (a plain hash of six digits would, by trying all million).
 */
export class ConfirmationCodes {
  constructor(private readonly cipher: Pick<FieldCipher, 'blindIndex'>) {}

  digest(visitId: string, code: string): string {
    return this.cipher.blindIndex(`${visitId}|${code}`, 'visit-confirmation-code');
  }

  issue(visitId: string): IssuedCode {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    return { code, digest: this.digest(visitId, code) };
  }
}
