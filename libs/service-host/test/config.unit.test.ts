import { z } from 'zod';
import {
  baseConfigSchema,
  ConfigError,
  createConfig,
  hexKey,
  isLocalMode,
  secret,
  secretKeys,
  staffTokenPublicKeys,
  staffTokenSigningKeyOf,
  withLocalDefaults,
} from '../src';

// In the order the setting writes its keys back (kty, crv, x, kid).
const OWN_PUBLIC = { kty: 'OKP', crv: 'Ed25519', x: 'Qx3uyHbXjDb4KZWv0JjJ6Ej-ptT9c_pdvAKpzAd8JoY', kid: 'staff-own' };
const DATA_KEY_DEFAULT = 'a1'.repeat(32);
const INDEX_KEY_DEFAULT = 'b2'.repeat(32);
const schema = z.object({
  PORT: z.coerce.number().int(),
  STAFF_TOKEN_PUBLIC_KEYS: staffTokenPublicKeys,
  DATA_KEY: secret(hexKey, DATA_KEY_DEFAULT),
  INDEX_KEY: secret(hexKey, INDEX_KEY_DEFAULT),
});
const own = {
  STAFF_TOKEN_PUBLIC_KEYS: JSON.stringify({ keys: [OWN_PUBLIC] }),
  DATA_KEY: 'c3'.repeat(32),
  INDEX_KEY: 'd4'.repeat(32),
};
/** The local platform's staff public keys (the development default). */
const KEYS_DEFAULT = createConfig(z.object({ K: staffTokenPublicKeys }), { CARELINK_ENV: 'local' }).K;

/** The ConfigError createConfig throws, or fails the test. */
const refusal = (env: Record<string, string | undefined>): string => {
  try {
    createConfig(schema, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('createConfig accepted the environment');
};

describe('secrets in local mode (CARELINK_ENV=local)', () => {
  it('fills every missing secret with its development default', () => {
    const config = createConfig(schema, { CARELINK_ENV: 'local', PORT: '1' });
    expect(config).toEqual({
      PORT: 1,
      STAFF_TOKEN_PUBLIC_KEYS: KEYS_DEFAULT,
      DATA_KEY: DATA_KEY_DEFAULT,
      INDEX_KEY: INDEX_KEY_DEFAULT,
    });
  });

  it('treats an empty value as missing', () => {
    expect(createConfig(schema, { CARELINK_ENV: 'local', PORT: '1', DATA_KEY: '' }).DATA_KEY).toBe(DATA_KEY_DEFAULT);
  });

  it('keeps a secret the environment gives', () => {
    expect(createConfig(schema, { CARELINK_ENV: 'local', PORT: '1', ...own })).toEqual({ PORT: 1, ...own });
  });

  it('refuses local mode together with NODE_ENV=production, naming CARELINK_ENV', () => {
    expect(refusal({ CARELINK_ENV: 'local', NODE_ENV: 'production', PORT: '1', ...own })).toMatch(/CARELINK_ENV:/);
  });
});

describe('secrets anywhere else', () => {
  it.each([
    ['CARELINK_ENV unset', {}],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['CARELINK_ENV=production', { CARELINK_ENV: 'production' }],
    ['a mode spelled otherwise (Local)', { CARELINK_ENV: 'Local' }],
  ])('with %s, a missing secret stops the start naming the key, the first one first', (_, mode) => {
    const message = refusal({ ...mode, PORT: '1', INDEX_KEY: own.INDEX_KEY });
    const lines = message.split('\n').slice(1);
    expect(lines[0]).toMatch(/^ {2}STAFF_TOKEN_PUBLIC_KEYS: required/);
    expect(lines[1]).toMatch(/^ {2}DATA_KEY: required/);
    expect(message).not.toMatch(/INDEX_KEY/);
  });

  it('treats an empty value as missing', () => {
    expect(refusal({ PORT: '1', ...own, DATA_KEY: '' })).toMatch(/DATA_KEY: required/);
  });

  it('refuses a secret equal to its development default', () => {
    expect(refusal({ PORT: '1', ...own, STAFF_TOKEN_PUBLIC_KEYS: KEYS_DEFAULT })).toMatch(
      /STAFF_TOKEN_PUBLIC_KEYS: is a development default/,
    );
    expect(refusal({ PORT: '1', ...own, DATA_KEY: DATA_KEY_DEFAULT })).toMatch(/DATA_KEY: is a development default/);
  });

  it('refuses a key setting holding a development key however it is written (spaces, beside a key of its own)', () => {
    const local = JSON.parse(KEYS_DEFAULT) as { keys: object[] };
    const spaced = JSON.stringify({ keys: [OWN_PUBLIC, ...local.keys] }, null, 2);
    expect(refusal({ PORT: '1', ...own, STAFF_TOKEN_PUBLIC_KEYS: spaced })).toMatch(
      /STAFF_TOKEN_PUBLIC_KEYS: is a development default/,
    );
  });

  it("refuses another secret's development default too", () => {
    expect(refusal({ PORT: '1', ...own, INDEX_KEY: DATA_KEY_DEFAULT })).toMatch(/INDEX_KEY: is a development default/);
  });

  it('accepts secrets of its own', () => {
    expect(createConfig(schema, { NODE_ENV: 'production', PORT: '1', ...own })).toEqual({ PORT: 1, ...own });
  });

  it('still validates a secret by its schema, and reports other keys beside the secrets', () => {
    const message = refusal({ PORT: 'x', ...own, STAFF_TOKEN_PUBLIC_KEYS: '{"keys":[{"kty":"RSA"}]}' });
    expect(message).toMatch(/STAFF_TOKEN_PUBLIC_KEYS: /);
    expect(message).toMatch(/PORT:/);
  });

  it('reports a secret once, not again as a zod issue', () => {
    expect(refusal({ PORT: '1' }).match(/STAFF_TOKEN_PUBLIC_KEYS/g)).toHaveLength(1);
  });

  it('holds for schemas extended from the base and refined', () => {
    const extended = baseConfigSchema
      .extend({ DATA_KEY: secret(hexKey, DATA_KEY_DEFAULT) })
      .superRefine(() => undefined);
    const env = { PORT: '1', MONGO_URL: 'mongodb://127.0.0.1:27017/x' };
    expect(() => createConfig(extended, env)).toThrow(/STAFF_TOKEN_PUBLIC_KEYS: required[\s\S]*DATA_KEY: required/);
    expect(createConfig(extended, { ...env, CARELINK_ENV: 'local' }).DATA_KEY).toBe(DATA_KEY_DEFAULT);
  });
});

describe('secretKeys', () => {
  it("lists the schema's secret() fields in its order, the base's included", () => {
    expect(secretKeys(schema)).toEqual(['STAFF_TOKEN_PUBLIC_KEYS', 'DATA_KEY', 'INDEX_KEY']);
    expect(secretKeys(baseConfigSchema)).toEqual(['STAFF_TOKEN_PUBLIC_KEYS', 'ADAPTER_TOKEN_PUBLIC_KEYS']);
    expect(secretKeys(z.object({ PORT: z.string() }))).toEqual([]);
  });
});

describe('isLocalMode', () => {
  it('is true only for CARELINK_ENV=local', () => {
    expect(isLocalMode({ CARELINK_ENV: 'local' })).toBe(true);
    expect(isLocalMode({})).toBe(false);
    expect(isLocalMode({ CARELINK_ENV: 'development', NODE_ENV: 'development' })).toBe(false);
  });
});

describe('withLocalDefaults', () => {
  it('gives the port and database everywhere, local-only settings only in local mode', () => {
    const strict = withLocalDefaults('provider-scheduling', 4104, {}, { UNSAFE: 'true' });
    expect(strict).toEqual({ PORT: '4104', MONGO_URL: 'mongodb://127.0.0.1:27017/carelink_provider_scheduling' });
    expect(withLocalDefaults('x', 1, { CARELINK_ENV: 'local' }, { UNSAFE: 'true' }).UNSAFE).toBe('true');
  });

  it('lets the environment override, except with empty values', () => {
    const env = { CARELINK_ENV: 'local', UNSAFE: 'false', PORT: '' };
    expect(withLocalDefaults('x', 1, env, { UNSAFE: 'true' })).toMatchObject({ UNSAFE: 'false', PORT: '1' });
  });

  it('carries no secret', () => {
    expect(Object.keys(withLocalDefaults('x', 1, { CARELINK_ENV: 'local' }))).toEqual([
      'PORT',
      'MONGO_URL',
      'CARELINK_ENV',
    ]);
  });
});

describe('staffTokenSigningKeyOf', () => {
  it('is STAFF_TOKEN_SIGNING_KEY when given, the development default only in local mode, else refused', () => {
    const local = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });
    expect(JSON.parse(local)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'local-staff' });
    expect(() => staffTokenSigningKeyOf({})).toThrow(/STAFF_TOKEN_SIGNING_KEY: required/);
    expect(() => staffTokenSigningKeyOf({ STAFF_TOKEN_SIGNING_KEY: local })).toThrow(
      /STAFF_TOKEN_SIGNING_KEY: is a development default/,
    );
    expect(() => staffTokenSigningKeyOf({ STAFF_TOKEN_SIGNING_KEY: JSON.stringify(OWN_PUBLIC) })).toThrow(
      /STAFF_TOKEN_SIGNING_KEY/,
    );
  });
});
