import { decodeJwt, SignJWT } from 'jose';
import {
  InvalidToken,
  ISSUER,
  keyOf,
  staffPrincipal,
  verifySignedClaims,
  verifyStaffToken,
  type StaffPrincipal,
  type TokenLifetime,
} from './staff-principal';

/**
 * Channel adapters (the chat bot, the IVR) act for residents with tokens of their own: signed with the
 * adapters' key (ADAPTER_TOKEN_SECRET), never the staff secret, for the audience `carelink-adapter`, and only
 * ever role `channel_adapter` for one channel. Whoever holds the adapters' key can mint an adapter, not a
 * county officer: a token signed with it that claims any other role is refused.
 */
const ADAPTER_AUDIENCE = 'carelink-adapter';

export type AdapterChannel = NonNullable<StaffPrincipal['channel']>;

export interface AdapterIdentity {
  sub: string;
  name?: string;
  region: string;
  /** The places the adapter files for (the region's common code prefix). */
  jurisdiction: string;
  channel: AdapterChannel;
}

export async function issueAdapterToken(identity: AdapterIdentity, secret: string, ttl = '1h'): Promise<string> {
  const { sub, ...claims } = staffPrincipal.parse({ ...identity, role: 'channel_adapter' });
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(ADAPTER_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(keyOf(secret));
}

export async function verifyAdapterToken(
  token: string,
  secret: string,
  lifetime: TokenLifetime = {},
): Promise<StaffPrincipal> {
  const payload = await verifySignedClaims(token, secret, ADAPTER_AUDIENCE, lifetime);
  const parsed = staffPrincipal.safeParse(payload);
  if (!parsed.success || parsed.data.role !== 'channel_adapter' || !parsed.data.channel)
    throw new InvalidToken('an adapter token carries role channel_adapter and its channel, nothing else');
  return parsed.data;
}

export interface BearerKeys extends TokenLifetime {
  /** Staff tokens (every role), JWT_SECRET. */
  staffSecret: string;
  /** Adapter tokens (role channel_adapter only), ADAPTER_TOKEN_SECRET; omitted = adapter tokens are refused. */
  adapterSecret?: string;
}

/** A staff or an adapter token, told apart by its audience and checked with that audience's key only. */
export async function verifyBearerToken(token: string, keys: BearerKeys): Promise<StaffPrincipal> {
  let audience: unknown;
  try {
    audience = decodeJwt(token).aud;
  } catch (err) {
    throw new InvalidToken((err as Error).message);
  }
  const lifetime = { maxLifetimeSeconds: keys.maxLifetimeSeconds };
  if (audience === ADAPTER_AUDIENCE || (Array.isArray(audience) && audience.includes(ADAPTER_AUDIENCE))) {
    if (!keys.adapterSecret) throw new InvalidToken('adapter tokens are not accepted here');
    return verifyAdapterToken(token, keys.adapterSecret, lifetime);
  }
  return verifyStaffToken(token, keys.staffSecret, lifetime);
}
