import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps; one step either side accepted. */
const PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const WINDOW = 1;
const ISSUER = 'carelink 工作台';

function totpOf(base32Secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(base32Secret), ...PARAMETERS });
}

/** A new secret (160 bits) and the otpauth:// URI an authenticator app scans. */
export function newTotpSecret(username: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpOf(secret, username).toString() };
}

/**
 * The time step a code belongs to, when it is the code of the step at `now` or of one step either side; null
 * when it is not (a wrong code, or not six digits).
 */
export function totpStepOf(base32Secret: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const totp = totpOf(base32Secret, 'check');
  const delta = totp.validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta;
}

/** The code of `now` (tests and the demo tooling; an authenticator app computes the same). */
export function totpCode(base32Secret: string, now: Date): string {
  return totpOf(base32Secret, 'code').generate({ timestamp: now.getTime() });
}
