import { decodeJwt, SignJWT } from 'jose';
import {
  InvalidToken,
  ISSUER,
  staffPrincipal,
  verifySignedClaims,
  verifyStaffToken,
  type StaffPrincipal,
  type TokenLifetime,
} from './staff-principal';
import { signingKeyOf } from './token-keys';

/**
 * Channel adapters (the chat bot, the IVR) act for residents with tokens of their own: signed with the adapter's
 * own private key (ADAPTER_TOKEN_SIGNING_KEY), never the staff key, for the audience `carelink-adapter`, and only
 * ever role `channel_adapter` for the channel its key is named for (`kid` "<channel>-…"). The services hold the
 * adapters' public keys (ADAPTER_TOKEN_PUBLIC_KEYS), which verify and cannot mint. So a compromised adapter can
 * speak for its own channel, not for the other adapter, and never as staff; a compromised service can mint
 * nothing.
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

/** The channel a key id names: "ivr-2026-11" → ivr; undefined when it names none. */
function channelOfKey(kid: string): AdapterChannel | undefined {
  const channel = staffPrincipal.shape.channel.unwrap().safeParse(kid.split('-')[0]);
  return channel.success ? channel.data : undefined;
}

export async function issueAdapterToken(identity: AdapterIdentity, signingKey: string, ttl = '1h'): Promise<string> {
  const { sub, ...claims } = staffPrincipal.parse({ ...identity, role: 'channel_adapter' });
  const { kid, key } = await signingKeyOf(signingKey);
  if (channelOfKey(kid) !== identity.channel)
    throw new Error(
      `the adapter key "${kid}" is not a ${identity.channel} key (its kid must begin "${identity.channel}-")`,
    );
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(ADAPTER_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key);
}

export async function verifyAdapterToken(
  token: string,
  verificationKeys: string,
  lifetime: TokenLifetime = {},
): Promise<StaffPrincipal> {
  const { claims, kid } = await verifySignedClaims(token, verificationKeys, ADAPTER_AUDIENCE, lifetime);
  const parsed = staffPrincipal.safeParse(claims);
  if (!parsed.success || parsed.data.role !== 'channel_adapter' || !parsed.data.channel)
    throw new InvalidToken('an adapter token carries role channel_adapter and its channel, nothing else');
  if (channelOfKey(kid) !== parsed.data.channel)
    throw new InvalidToken(`a ${parsed.data.channel} token signed with another adapter's key (${kid})`);
  return parsed.data;
}

export interface BearerKeys extends TokenLifetime {
  /** Public keys of staff tokens (every role but channel_adapter): STAFF_TOKEN_PUBLIC_KEYS. */
  staffKeys: string;
  /** Public keys of adapter tokens (role channel_adapter only): ADAPTER_TOKEN_PUBLIC_KEYS; omitted = refused. */
  adapterKeys?: string;
}

/** A staff or an adapter token, told apart by its audience and checked with that audience's keys only. */
export async function verifyBearerToken(token: string, keys: BearerKeys): Promise<StaffPrincipal> {
  let audience: unknown;
  try {
    audience = decodeJwt(token).aud;
  } catch (err) {
    throw new InvalidToken((err as Error).message);
  }
  const lifetime = { maxLifetimeSeconds: keys.maxLifetimeSeconds };
  if (audience === ADAPTER_AUDIENCE || (Array.isArray(audience) && audience.includes(ADAPTER_AUDIENCE))) {
    if (!keys.adapterKeys) throw new InvalidToken('adapter tokens are not accepted here');
    return verifyAdapterToken(token, keys.adapterKeys, lifetime);
  }
  const principal = await verifyStaffToken(token, keys.staffKeys, lifetime);
  if (principal.role === 'channel_adapter')
    throw new InvalidToken('channel adapters use adapter tokens, signed with their own keys');
  return principal;
}
