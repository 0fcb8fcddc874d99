import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseConfigSchema, ConfigError, kafkaSasl, withLocalDefaults } from '../src';

/** A local broker's credentials file, as infra/local/servers.sh writes it. */
const dir = mkdtempSync(join(tmpdir(), 'kafka-users-'));
const file = join(dir, 'credentials.json');
writeFileSync(
  file,
  JSON.stringify({
    mechanism: 'scram-sha-256',
    superUser: 'carelink-admin',
    controller: { username: 'carelink-controller', password: 'c' },
    users: { 'carelink-admin': 'a', intake: 'intake-password' },
  }),
);
afterAll(() => rmSync(dir, { recursive: true }));

/** The Kafka settings of the base config, as a service parses them. */
const config = (env: Record<string, string | undefined>) =>
  baseConfigSchema
    .pick({ KAFKA_SASL_MECHANISM: true, KAFKA_SASL_USERNAME: true, KAFKA_SASL_PASSWORD: true })
    .parse(env);

describe('a service’s Kafka user', () => {
  it('in local mode, is its own user from the local broker’s credentials file', () => {
    const env = withLocalDefaults('intake', 1, { CARELINK_ENV: 'local', KAFKA_CREDENTIALS_FILE: file });
    expect(env).toMatchObject({ KAFKA_SASL_USERNAME: 'intake', KAFKA_SASL_PASSWORD: 'intake-password' });
    expect(kafkaSasl(config(env))).toEqual({
      mechanism: 'scram-sha-256',
      username: 'intake',
      password: 'intake-password',
    });
  });

  it('is the one the environment names, and none from the file outside local mode', () => {
    const named = { CARELINK_ENV: 'local', KAFKA_CREDENTIALS_FILE: file, KAFKA_SASL_USERNAME: 'carelink-admin' };
    expect(withLocalDefaults('intake', 1, { ...named, KAFKA_SASL_PASSWORD: 'a' })).toMatchObject({
      KAFKA_SASL_USERNAME: 'carelink-admin',
      KAFKA_SASL_PASSWORD: 'a',
    });
    expect(withLocalDefaults('intake', 1, { KAFKA_CREDENTIALS_FILE: file })).not.toHaveProperty('KAFKA_SASL_USERNAME');
    expect(withLocalDefaults('ivr', 1, { CARELINK_ENV: 'local', KAFKA_CREDENTIALS_FILE: file })).not.toHaveProperty(
      'KAFKA_SASL_USERNAME',
    );
  });

  it('connects without SASL when neither is set, and refuses a user without a password, naming the key', () => {
    expect(kafkaSasl(config({}))).toBeUndefined();
    expect(() => kafkaSasl(config({ KAFKA_SASL_USERNAME: 'intake' }))).toThrow(ConfigError);
    expect(() => kafkaSasl(config({ KAFKA_SASL_USERNAME: 'intake' }))).toThrow(/KAFKA_SASL_PASSWORD/);
    expect(() => kafkaSasl(config({ KAFKA_SASL_PASSWORD: 'p' }))).toThrow(/KAFKA_SASL_USERNAME/);
  });
});
