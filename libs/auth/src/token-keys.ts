import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { z } from 'zod';

/**
 * Token keys are Ed25519 key pairs (JWT `alg: EdDSA`). Whoever issues tokens holds a private key; whoever checks
 * them holds only public keys, which can verify and never mint. So the services and the channel adapters, which
 * check staff tokens, cannot make one: only the issuer (the staff console, and the local tools) holds the staff
 * signing key. Each channel adapter (chat bot, IVR) signs its own tokens with a key of its own, named for its
 * channel (`kid` "<channel>-…"), so one adapter cannot speak for another either.
 *
 * In settings, a private key is one JWK on one line (`{"kty":"OKP","crv":"Ed25519","kid":…,"x":…,"d":…}`) and
 * public keys are a JWK set (`{"keys":[…]}`, several during a key rotation) or one public JWK.
 * `npm run -w @carelink/auth token-keys` prints a new pair.
 */
const base64url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a 32-byte value in base64url (43 characters)');

const publicJwk = z
  .object({
    kty: z.literal('OKP', 'an Ed25519 key (kty "OKP")'),
    crv: z.literal('Ed25519', 'an Ed25519 key (crv "Ed25519")'),
    x: base64url32,
    kid: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'a key id (kid) of letters, digits and . _ : -'),
    d: z.never('a public key only: this one carries its private part (d)').optional(),
  })
  .loose();
export type PublicTokenKey = z.infer<typeof publicJwk>;

const privateJwk = publicJwk.extend({ d: base64url32 });
export type TokenSigningKey = z.infer<typeof privateJwk>;

function parseJson(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'JSON (a JWK on one line)' });
    return z.NEVER;
  }
}

/** A signing key setting: one private Ed25519 JWK as JSON. */
export const tokenSigningKeySetting = z
  .string()
  .transform(parseJson)
  .pipe(privateJwk)
  .transform((jwk) => JSON.stringify(jwk));

/** A verification keys setting: a JWK set (or one JWK) of public Ed25519 keys with distinct kids, as JSON. */
export const tokenVerificationKeysSetting = z
  .string()
  .transform(parseJson)
  .pipe(
    z.union([
      z.object({ keys: z.array(publicJwk).min(1, 'at least one key') }),
      publicJwk.transform((key) => ({ keys: [key] })),
    ]),
  )
  .refine((set) => new Set(set.keys.map((k) => k.kid)).size === set.keys.length, 'distinct key ids (kid)')
  .transform((set) => JSON.stringify(set));

const signingKeys = new Map<string, Promise<{ kid: string; key: KeyLike | Uint8Array }>>();
const verificationKeys = new Map<string, JWTVerifyGetKey>();

/** The private key of a signing key setting (parsed and imported once per value). */
export function signingKeyOf(setting: string): Promise<{ kid: string; key: KeyLike | Uint8Array }> {
  let key = signingKeys.get(setting);
  if (!key) {
    const jwk = privateJwk.parse(JSON.parse(setting));
    key = importJWK(jwk, 'EdDSA').then((imported) => ({ kid: jwk.kid, key: imported }));
    signingKeys.set(setting, key);
  }
  return key;
}

/** The key resolver of a verification keys setting: picks the key by the token's `kid`, EdDSA only. */
export function verificationKeysOf(setting: string): JWTVerifyGetKey {
  let keys = verificationKeys.get(setting);
  if (!keys) {
    const set = JSON.parse(tokenVerificationKeysSetting.parse(setting)) as JSONWebKeySet;
    keys = createLocalJWKSet(set);
    verificationKeys.set(setting, keys);
  }
  return keys;
}

/** The public half of a signing key, as a verification keys setting (for whoever checks its tokens). */
export function publicKeysOf(...signing: string[]): string {
  const keys = signing.map((s) => {
    const { d: _d, ...pub } = privateJwk.parse(JSON.parse(s));
    return pub;
  });
  return JSON.stringify({ keys });
}

/** A new key pair: the signing key setting for the issuer, the verification keys setting for the checkers. */
export async function generateTokenKeys(kid: string): Promise<{ signingKey: string; publicKeys: string }> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const signingKey = JSON.stringify({ ...(await exportJWK(privateKey)), kid });
  return { signingKey: tokenSigningKeySetting.parse(signingKey), publicKeys: publicKeysOf(signingKey) };
}
