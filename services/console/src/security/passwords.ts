import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';

/** argon2id with the binding's defaults (19 MiB, 2 passes, 1 lane: OWASP's first recommendation), as a PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of no one's password, checked for unknown users so that they take as long to refuse as a wrong password. */
let decoy: Promise<string> | undefined;

/** Whether `password` is the one `passwordHash` was made from; an unknown user (no hash) is checked against a decoy. */
export async function passwordMatches(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hash(temporaryPassword());
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Letters and digits that cannot be mistaken for each other when read aloud or copied (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A temporary password given to a new or reset account (14 characters, about 81 bits), to be changed at sign-in. */
export function temporaryPassword(length = 14): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
