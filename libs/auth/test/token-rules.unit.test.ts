import { importJWK, SignJWT, type JWK } from 'jose';
import {
  generateTokenKeys,
  InvalidToken,
  issueAdapterToken,
  issueStaffToken,
  publicKeysOf,
  tokenSigningKeySetting,
  tokenVerificationKeysSetting,
  verifyAdapterToken,
  verifyBearerToken,
  verifyStaffToken,
  type StaffPrincipal,
} from '../src';

const county: StaffPrincipal = { sub: 'officer', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' };
const ivr = { sub: 'ivr-adapter', region: 'chizhou', jurisdiction: '3417', channel: 'ivr' } as const;
const chatbot = { ...ivr, sub: 'telegram-bot', channel: 'chatbot' } as const;
const { sub: _sub, ...countyClaims } = county;
const now = () => Math.floor(Date.now() / 1000);

type Keys = Awaited<ReturnType<typeof generateTokenKeys>>;
let staff: Keys;
let ivrKey: Keys;
let chatbotKey: Keys;
/** Every adapter's public key, as the services hold them. */
let adapterKeys: string;

beforeAll(async () => {
  [staff, ivrKey, chatbotKey] = await Promise.all([
    generateTokenKeys('staff-test'),
    generateTokenKeys('ivr-test'),
    generateTokenKeys('chatbot-test'),
  ]);
  adapterKeys = publicKeysOf(ivrKey.signingKey, chatbotKey.signingKey);
});

/** A token made by hand, as a forger holding `signingKey` would: any claims, any lifetime, any header. */
async function forged(
  claims: Record<string, unknown>,
  signingKey: string,
  audience: string,
  { exp, iat }: { exp?: number; iat?: number } = {},
): Promise<string> {
  const jwk = JSON.parse(signingKey) as JWK & { kid: string };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid })
    .setSubject('x')
    .setIssuer('carelink')
    .setAudience(audience)
    .setIssuedAt(iat);
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(await importJWK(jwk, 'EdDSA'));
}

describe('staff tokens are signed with a private key and checked with public keys', () => {
  it('round-trip with the pair, and fail against another pair', async () => {
    const token = await issueStaffToken(county, staff.signingKey);
    await expect(verifyStaffToken(token, staff.publicKeys)).resolves.toMatchObject(county);
    const other = await generateTokenKeys('staff-other');
    await expect(verifyStaffToken(token, other.publicKeys)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('cannot be minted by whoever holds the public keys: an HS256 token keyed with them is refused', async () => {
    // The classic confusion: a verifier's public key used as an HMAC secret.
    for (const secret of [staff.publicKeys, JSON.parse(staff.publicKeys).keys[0].x]) {
      const hs = await new SignJWT(countyClaims)
        .setProtectedHeader({ alg: 'HS256', kid: 'staff-test' })
        .setSubject('x')
        .setIssuer('carelink')
        .setAudience('carelink-staff')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(secret));
      await expect(verifyStaffToken(hs, staff.publicKeys)).rejects.toBeInstanceOf(InvalidToken);
    }
  });

  it('a rotation set accepts tokens of the old and the new key', async () => {
    const next = await generateTokenKeys('staff-next');
    const both = publicKeysOf(staff.signingKey, next.signingKey);
    for (const key of [staff.signingKey, next.signingKey])
      await expect(verifyStaffToken(await issueStaffToken(county, key), both)).resolves.toMatchObject(county);
  });
});

describe('key settings', () => {
  it('refuse a public key set that carries a private part, and malformed keys', () => {
    const withPrivate = JSON.stringify({ keys: [JSON.parse(staff.signingKey)] });
    expect(tokenVerificationKeysSetting.safeParse(withPrivate).success).toBe(false);
    expect(tokenVerificationKeysSetting.safeParse('not json').success).toBe(false);
    expect(tokenVerificationKeysSetting.safeParse(JSON.stringify({ keys: [] })).success).toBe(false);
    expect(tokenSigningKeySetting.safeParse(JSON.parse(staff.publicKeys).keys[0]).success).toBe(false);
    expect(tokenSigningKeySetting.safeParse(staff.signingKey).success).toBe(true);
  });

  it('accept one public JWK as a set of one', () => {
    const one = JSON.stringify(JSON.parse(staff.publicKeys).keys[0]);
    expect(JSON.parse(tokenVerificationKeysSetting.parse(one))).toEqual(JSON.parse(staff.publicKeys));
  });
});

describe('token lifetime', () => {
  it('refuses a token without exp', async () => {
    const token = await forged(countyClaims, staff.signingKey, 'carelink-staff');
    await expect(verifyStaffToken(token, staff.publicKeys)).rejects.toThrow(/"exp" claim/);
  });

  it('refuses a ten-year token and one longer than the configured cap; accepts a working day', async () => {
    const tenYears = await forged(countyClaims, staff.signingKey, 'carelink-staff', {
      exp: now() + 10 * 365 * 86400,
    });
    await expect(verifyStaffToken(tenYears, staff.publicKeys)).rejects.toThrow(/longer than the 12 hours/);
    const day = await issueStaffToken(county, staff.signingKey, '8h');
    await expect(verifyStaffToken(day, staff.publicKeys)).resolves.toMatchObject(county);
    await expect(verifyStaffToken(day, staff.publicKeys, { maxLifetimeSeconds: 3600 })).rejects.toBeInstanceOf(
      InvalidToken,
    );
  });

  it('counts the lifetime from now too, so a future iat does not shorten it', async () => {
    const token = await forged(countyClaims, staff.signingKey, 'carelink-staff', {
      iat: now() + 365 * 86400,
      exp: now() + 365 * 86400 + 60,
    });
    await expect(verifyStaffToken(token, staff.publicKeys)).rejects.toBeInstanceOf(InvalidToken);
  });
});

describe('adapter tokens', () => {
  it('are accepted for their own channel, signed with that adapter’s key', async () => {
    const token = await issueAdapterToken(ivr, ivrKey.signingKey);
    await expect(verifyBearerToken(token, { staffKeys: staff.publicKeys, adapterKeys })).resolves.toMatchObject({
      ...ivr,
      role: 'channel_adapter',
    });
  });

  it('never carry another role: an adapter’s key cannot make a county officer', async () => {
    const asAdapter = await forged(countyClaims, ivrKey.signingKey, 'carelink-adapter', { exp: now() + 600 });
    await expect(verifyBearerToken(asAdapter, { staffKeys: staff.publicKeys, adapterKeys })).rejects.toThrow(
      /role channel_adapter/,
    );
    const asStaff = await forged(countyClaims, ivrKey.signingKey, 'carelink-staff', { exp: now() + 600 });
    await expect(verifyBearerToken(asStaff, { staffKeys: staff.publicKeys, adapterKeys })).rejects.toBeInstanceOf(
      InvalidToken,
    );
  });

  it('cannot speak for the other adapter: the IVR’s key cannot make a chat-bot token', async () => {
    await expect(issueAdapterToken(chatbot, ivrKey.signingKey)).rejects.toThrow(/not a chatbot key/);
    const token = await forged(
      { role: 'channel_adapter', region: 'chizhou', jurisdiction: '3417', channel: 'chatbot' },
      ivrKey.signingKey,
      'carelink-adapter',
      { exp: now() + 600 },
    );
    await expect(verifyAdapterToken(token, adapterKeys)).rejects.toThrow(/another adapter's key/);
  });

  it('are refused where no adapters’ keys are configured, and a channel_adapter staff token is refused', async () => {
    const token = await issueAdapterToken(ivr, ivrKey.signingKey);
    await expect(verifyBearerToken(token, { staffKeys: staff.publicKeys })).rejects.toThrow(/not accepted/);
    await expect(verifyStaffToken(token, adapterKeys)).rejects.toBeInstanceOf(InvalidToken);
    const viaStaffKey = await issueStaffToken({ ...ivr, role: 'channel_adapter' }, staff.signingKey);
    await expect(verifyBearerToken(viaStaffKey, { staffKeys: staff.publicKeys, adapterKeys })).rejects.toThrow(
      /adapter tokens/,
    );
  });

  it('need a channel and live at most the cap', async () => {
    const noChannel = await forged(
      { role: 'channel_adapter', region: 'chizhou', jurisdiction: '3417' },
      ivrKey.signingKey,
      'carelink-adapter',
      { exp: now() + 600 },
    );
    await expect(verifyAdapterToken(noChannel, adapterKeys)).rejects.toBeInstanceOf(InvalidToken);
    const long = await issueAdapterToken(ivr, ivrKey.signingKey, '30d');
    await expect(verifyAdapterToken(long, adapterKeys)).rejects.toThrow(/longer than/);
  });
});
