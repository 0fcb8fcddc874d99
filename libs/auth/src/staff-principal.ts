import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { DomainError, regionId } from '@carelink/contracts';
import { signingKeyOf, verificationKeysOf } from './token-keys';

/** Who may act, in the domain's words ("three-level management, four-level operation"). */
export const staffRole = z.enum([
  'county_officer', // 县级民政: approves, files, supervises the county
  'township_caseworker', // 乡镇(街道): accepts, reviews, refers, settles
  'village_coordinator', // 村(社区)协理员: discovers, investigates
  'provider_staff', // 服务供给主体: schedules and records visits
  'department_staff', // 相关部门: receives referrals
  'hotline_operator', // 热线: logs complaints and consultations
  'channel_adapter', // chat bot / IVR adapter acting for residents
]);
export type StaffRole = z.infer<typeof staffRole>;

export const staffPrincipal = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  role: staffRole,
  region: regionId,
  /** Everything under this code is in scope (county 6, township 9, village 12 digits). */
  jurisdiction: z
    .string()
    .regex(
      /^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/,
      'a jurisdiction code: 2 (province), 4 (prefecture), 6 (county), 9 (township) or 12 (village) digits',
    ),
  providerId: z.string().optional(),
  departmentCode: z.string().optional(),
  /** The resident channel a channel adapter speaks for (adapter tokens only; see adapter-token.ts). */
  channel: z.enum(['chatbot', 'ivr']).optional(),
});
export type StaffPrincipal = z.infer<typeof staffPrincipal>;

export const ISSUER = 'carelink';
const AUDIENCE = 'carelink-staff';

/**
 * A staff token for `principal`, signed (EdDSA) with the staff signing key: a private key only the issuer holds
 * (the staff console; the local tools in local mode). See token-keys.ts.
 */
export async function issueStaffToken(principal: StaffPrincipal, signingKey: string, ttl = '8h'): Promise<string> {
  const { sub, ...claims } = staffPrincipal.parse(principal);
  const { kid, key } = await signingKeyOf(signingKey);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key);
}

export class InvalidToken extends Error {}

/** The longest lifetime a bearer token may have unless the service says otherwise (STAFF_TOKEN_MAX_HOURS). */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

export interface TokenLifetime {
  /** Tokens valid for longer than this (from their issue, or from now) are refused. */
  maxLifetimeSeconds?: number;
}

export interface VerifiedClaims {
  claims: Record<string, unknown>;
  /** The id of the key that signed the token. */
  kid: string;
}

/**
 * Verifies an EdDSA token of carelink for `audience` against public keys (`verificationKeys`, a JWK set setting)
 * and returns its claims: it must carry `exp`, and live at most `maxLifetimeSeconds` (counted from `iat`, and
 * from now, so neither a far `exp` nor a future `iat` passes). No other algorithm is accepted.
 */
export async function verifySignedClaims(
  token: string,
  verificationKeys: string,
  audience: string,
  { maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS }: TokenLifetime = {},
): Promise<VerifiedClaims> {
  let payload: Record<string, unknown> & { exp?: number; iat?: number };
  let kid: string | undefined;
  try {
    ({
      payload,
      protectedHeader: { kid },
    } = await jwtVerify(token, verificationKeysOf(verificationKeys), {
      issuer: ISSUER,
      audience,
      algorithms: ['EdDSA'],
      requiredClaims: ['exp'],
    }));
  } catch (err) {
    throw new InvalidToken((err as Error).message);
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = payload.exp!;
  if (exp - now > maxLifetimeSeconds || (payload.iat !== undefined && exp - payload.iat > maxLifetimeSeconds))
    throw new InvalidToken(`the token lives longer than the ${maxLifetimeSeconds / 3600} hours allowed`);
  return { claims: payload, kid: kid ?? '' };
}

/** Verifies a staff token against the staff public keys (STAFF_TOKEN_PUBLIC_KEYS) and returns its principal. */
export async function verifyStaffToken(
  token: string,
  verificationKeys: string,
  lifetime: TokenLifetime = {},
): Promise<StaffPrincipal> {
  const { claims } = await verifySignedClaims(token, verificationKeys, AUDIENCE, lifetime);
  const parsed = staffPrincipal.safeParse(claims);
  if (!parsed.success)
    throw new InvalidToken('token claims are incomplete: role, region and jurisdiction are required');
  return parsed.data;
}

/** Who a jurisdiction check is about: the caller's jurisdiction code, and their region where it is known. */
export type JurisdictionHolder = Pick<StaffPrincipal, 'jurisdiction'> & Partial<Pick<StaffPrincipal, 'region'>>;

/**
 * A record at `code` is in scope when the caller's jurisdiction contains it and, for a record that carries a
 * region, the caller's token is of that region (the `region` claim is part of every jurisdiction check).
 */
export function covers(principal: JurisdictionHolder, code: string, region?: string): boolean {
  if (region !== undefined && principal.region !== region) return false;
  return code.startsWith(principal.jurisdiction);
}

/**
 * Refuses (403 `outside_jurisdiction` at the HTTP edge) a record at `code` outside the caller's jurisdiction,
 * or of another region than the caller's (`region`: the record's, where it carries one).
 */
export function assertCovers(principal: JurisdictionHolder, code: string, region?: string): void {
  if (!covers(principal, code, region))
    throw DomainError.forbidden(
      'outside_jurisdiction',
      region !== undefined && principal.region !== region
        ? `record of region ${region} is outside your region ${principal.region ?? '(none)'}`
        : `record in ${code} is outside your jurisdiction ${principal.jurisdiction}`,
      '该记录不在您的管辖范围内',
    );
}
