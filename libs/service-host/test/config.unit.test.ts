import { z } from 'zod';
import {
  baseConfigSchema,
  ConfigError,
  createConfig,
  hexKey,
  isLocalMode,
  jwtSecret,
  secret,
  secretKeys,
  staffTokenSecret,
  withLocalDefaults,
} from '../src';

const DATA_KEY_DEFAULT = 'a1'.repeat(32);
const INDEX_KEY_DEFAULT = 'b2'.repeat(32);
const schema = z.object({
  PORT: z.coerce.number().int(),
  JWT_SECRET: jwtSecret,
  DATA_KEY: secret(hexKey, DATA_KEY_DEFAULT),
  INDEX_KEY: secret(hexKey, INDEX_KEY_DEFAULT),
});
const own = {
  JWT_SECRET: 'a-secret-of-our-own-that-is-long-enough-0123',
  DATA_KEY: 'c3'.repeat(32),
  INDEX_KEY: 'd4'.repeat(32),
};
const JWT_DEFAULT = staffTokenSecret({ CARELINK_ENV: 'local' });

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
      JWT_SECRET: JWT_DEFAULT,
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
    expect(lines[0]).toMatch(/^ {2}JWT_SECRET: required/);
    expect(lines[1]).toMatch(/^ {2}DATA_KEY: required/);
    expect(message).not.toMatch(/INDEX_KEY/);
  });

  it('treats an empty value as missing', () => {
    expect(refusal({ PORT: '1', ...own, DATA_KEY: '' })).toMatch(/DATA_KEY: required/);
  });

  it('refuses a secret equal to its development default', () => {
    expect(refusal({ PORT: '1', ...own, JWT_SECRET: JWT_DEFAULT })).toMatch(/JWT_SECRET: is a development default/);
    expect(refusal({ PORT: '1', ...own, DATA_KEY: DATA_KEY_DEFAULT })).toMatch(/DATA_KEY: is a development default/);
  });

  it("refuses another secret's development default too", () => {
    expect(refusal({ PORT: '1', ...own, INDEX_KEY: DATA_KEY_DEFAULT })).toMatch(/INDEX_KEY: is a development default/);
  });

  it('accepts secrets of its own', () => {
    expect(createConfig(schema, { NODE_ENV: 'production', PORT: '1', ...own })).toEqual({ PORT: 1, ...own });
  });

  it('still validates a secret by its schema, and reports other keys beside the secrets', () => {
    const message = refusal({ PORT: 'x', ...own, JWT_SECRET: 'short' });
    expect(message).toMatch(/JWT_SECRET: at least 32 characters/);
    expect(message).toMatch(/PORT:/);
  });

  it('reports a secret once, not again as a zod issue', () => {
    expect(refusal({ PORT: '1' }).match(/JWT_SECRET/g)).toHaveLength(1);
  });

  it('holds for schemas extended from the base and refined', () => {
    const extended = baseConfigSchema
      .extend({ DATA_KEY: secret(hexKey, DATA_KEY_DEFAULT) })
      .superRefine(() => undefined);
    const env = { PORT: '1', MONGO_URL: 'mongodb://127.0.0.1:27017/x' };
    expect(() => createConfig(extended, env)).toThrow(/JWT_SECRET: required[\s\S]*DATA_KEY: required/);
    expect(createConfig(extended, { ...env, CARELINK_ENV: 'local' }).DATA_KEY).toBe(DATA_KEY_DEFAULT);
  });
});

describe('secretKeys', () => {
  it("lists the schema's secret() fields in its order, the base's included", () => {
    expect(secretKeys(schema)).toEqual(['JWT_SECRET', 'DATA_KEY', 'INDEX_KEY']);
    expect(secretKeys(baseConfigSchema)).toContain('JWT_SECRET');
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

describe('staffTokenSecret', () => {
  it('is JWT_SECRET when given, the development default only in local mode, else refused', () => {
    expect(staffTokenSecret({ JWT_SECRET: own.JWT_SECRET })).toBe(own.JWT_SECRET);
    expect(JWT_DEFAULT).toMatch(/.{32}/);
    expect(() => staffTokenSecret({})).toThrow(/JWT_SECRET: required/);
    expect(() => staffTokenSecret({ JWT_SECRET: JWT_DEFAULT })).toThrow(/JWT_SECRET: is a development default/);
  });
});
