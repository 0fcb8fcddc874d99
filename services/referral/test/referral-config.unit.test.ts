import { generateTokenKeys } from '@carelink/auth';
import { secretKeys } from '@carelink/service-host';
import { randomBytes } from 'node:crypto';
import { createConfig, referralConfigSchema } from '../src/config';

let publicKeys: string;
beforeAll(async () => void ({ publicKeys } = await generateTokenKeys('staff-own')));

/** Every secret the schema declares, each a fresh key of its own (as a deployment sets them). */
const ownSecrets = () =>
  Object.fromEntries(
    secretKeys(referralConfigSchema).map((key) => [
      key,
      key.endsWith('_PUBLIC_KEYS') ? publicKeys : randomBytes(32).toString('hex'),
    ]),
  );

describe('referral config: WEBHOOK_ALLOW_INSECURE', () => {
  it.each([
    ['CARELINK_ENV unset', {}],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['CARELINK_ENV=production', { CARELINK_ENV: 'production' }],
  ])('is off by default with %s', (_, mode) => {
    expect(createConfig({ ...mode, ...ownSecrets() }).WEBHOOK_ALLOW_INSECURE).toBe(false);
  });

  it('is on by default only in local mode, where subscribers listen on http://127.0.0.1', () => {
    expect(createConfig({ CARELINK_ENV: 'local' }).WEBHOOK_ALLOW_INSECURE).toBe(true);
    expect(createConfig({ CARELINK_ENV: 'local', WEBHOOK_ALLOW_INSECURE: 'false' }).WEBHOOK_ALLOW_INSECURE).toBe(false);
  });

  it('is on anywhere only when set', () => {
    expect(createConfig({ ...ownSecrets(), WEBHOOK_ALLOW_INSECURE: 'true' }).WEBHOOK_ALLOW_INSECURE).toBe(true);
  });
});

describe('referral config: secrets', () => {
  it('declares WEBHOOK_SECRET_KEY and the token public keys as secrets: required outside local mode', () => {
    expect(secretKeys(referralConfigSchema)).toEqual(
      expect.arrayContaining(['STAFF_TOKEN_PUBLIC_KEYS', 'ADAPTER_TOKEN_PUBLIC_KEYS', 'WEBHOOK_SECRET_KEY']),
    );
    const { WEBHOOK_SECRET_KEY: _, ...others } = ownSecrets();
    expect(() => createConfig({ NODE_ENV: 'production', ...others })).toThrow(/WEBHOOK_SECRET_KEY: required/);
  });

  it('declares CONTACT_DATA_KEY (sealing the contacts residents consented to share) as a secret too', () => {
    expect(secretKeys(referralConfigSchema)).toContain('CONTACT_DATA_KEY');
    const { CONTACT_DATA_KEY: _, ...others } = ownSecrets();
    expect(() => createConfig({ NODE_ENV: 'production', ...others })).toThrow(/CONTACT_DATA_KEY: required/);
    expect(createConfig({ CARELINK_ENV: 'local' }).CONTACT_DATA_KEY).toMatch(/^[0-9a-f]{64}$/);
  });
});
