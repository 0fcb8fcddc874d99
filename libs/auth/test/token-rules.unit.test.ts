import { SignJWT } from 'jose';
import {
  InvalidToken,
  issueAdapterToken,
  issueStaffToken,
  verifyAdapterToken,
  verifyBearerToken,
  verifyStaffToken,
  type StaffPrincipal,
} from '../src';

const staffSecret = 'test-staff-secret-long-enough-0123456789';
const adapterSecret = 'test-adapter-secret-long-enough-012345678';
const county: StaffPrincipal = { sub: 'officer', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' };
const ivr = { sub: 'ivr-adapter', region: 'chizhou', jurisdiction: '3417', channel: 'ivr' } as const;

/** A token made by hand, as a forger with the right key would: any claims, any lifetime. */
const forged = (claims: Record<string, unknown>, secret: string, audience: string, exp?: number) => {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('x')
    .setIssuer('carelink')
    .setAudience(audience)
    .setIssuedAt();
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(secret));
};
const now = () => Math.floor(Date.now() / 1000);
const { sub: _sub, ...countyClaims } = county;

describe('token lifetime', () => {
  it('refuses a token without exp', async () => {
    const token = await forged(countyClaims, staffSecret, 'carelink-staff');
    await expect(verifyStaffToken(token, staffSecret)).rejects.toThrow(/"exp" claim/);
  });

  it('refuses a ten-year token and one longer than the configured cap; accepts a working day', async () => {
    const tenYears = await forged(countyClaims, staffSecret, 'carelink-staff', now() + 10 * 365 * 86400);
    await expect(verifyStaffToken(tenYears, staffSecret)).rejects.toThrow(/longer than the 12 hours/);
    const day = await issueStaffToken(county, staffSecret, '8h');
    await expect(verifyStaffToken(day, staffSecret)).resolves.toMatchObject(county);
    await expect(verifyStaffToken(day, staffSecret, { maxLifetimeSeconds: 3600 })).rejects.toBeInstanceOf(InvalidToken);
  });

  it('counts the lifetime from now too, so a future iat does not shorten it', async () => {
    const token = await new SignJWT(countyClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('carelink')
      .setAudience('carelink-staff')
      .setIssuedAt(now() + 365 * 86400)
      .setExpirationTime(now() + 365 * 86400 + 60)
      .sign(new TextEncoder().encode(staffSecret));
    await expect(verifyStaffToken(token, staffSecret)).rejects.toBeInstanceOf(InvalidToken);
  });
});

describe('adapter tokens', () => {
  it('are channel adapters for one channel, signed with the adapters’ key', async () => {
    const token = await issueAdapterToken(ivr, adapterSecret);
    await expect(verifyBearerToken(token, { staffSecret, adapterSecret })).resolves.toMatchObject({
      ...ivr,
      role: 'channel_adapter',
    });
  });

  it('never carry another role: the adapters’ key cannot make a county officer', async () => {
    const asAdapter = await forged(countyClaims, adapterSecret, 'carelink-adapter', now() + 600);
    await expect(verifyBearerToken(asAdapter, { staffSecret, adapterSecret })).rejects.toThrow(/role channel_adapter/);
    const asStaff = await forged(countyClaims, adapterSecret, 'carelink-staff', now() + 600);
    await expect(verifyBearerToken(asStaff, { staffSecret, adapterSecret })).rejects.toBeInstanceOf(InvalidToken);
  });

  it('are refused where no adapters’ key is configured, and with the staff key', async () => {
    const token = await issueAdapterToken(ivr, adapterSecret);
    await expect(verifyBearerToken(token, { staffSecret })).rejects.toThrow(/not accepted/);
    await expect(verifyStaffToken(token, adapterSecret)).rejects.toBeInstanceOf(InvalidToken);
    await expect(verifyAdapterToken(token, staffSecret)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('need a channel and live at most the cap', async () => {
    const noChannel = await forged(
      { role: 'channel_adapter', region: 'chizhou', jurisdiction: '3417' },
      adapterSecret,
      'carelink-adapter',
      now() + 600,
    );
    await expect(verifyAdapterToken(noChannel, adapterSecret)).rejects.toBeInstanceOf(InvalidToken);
    const long = await issueAdapterToken(ivr, adapterSecret, '30d');
    await expect(verifyAdapterToken(long, adapterSecret)).rejects.toThrow(/longer than/);
  });
});
