import { decodeJwt } from 'jose';

/** Who a refused token says its bearer is: claims read without trusting them (for the audit trail only). */
export interface ClaimedCaller {
  sub: string;
  role: string;
  jurisdiction?: string;
}

const short = (v: unknown, max = 64): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined;

/**
 * The subject, role and jurisdiction a bearer token claims, read without verifying it; undefined when it is
 * not a JWT or names no subject. Never use this to let anyone in: only to say in the audit trail who a
 * refused token claimed to be.
 */
export function unverifiedClaims(token: string): ClaimedCaller | undefined {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch {
    return undefined;
  }
  const sub = short(payload.sub);
  if (!sub) return undefined;
  const jurisdiction = short(payload.jurisdiction, 12);
  return {
    sub,
    role: short(payload.role) ?? 'unknown',
    ...(jurisdiction && /^\d{2,12}$/.test(jurisdiction) ? { jurisdiction } : {}),
  };
}
