import { z } from 'zod';
import { tokenSigningKeySetting, tokenVerificationKeysSetting, type AdapterChannel } from '@carelink/auth';
import { localKafkaUser } from './kafka-sasl';
import { localTokenKeys } from './local-token-keys';

/**
 * Secrets (keys, tokens, signing secrets) have development defaults for one machine, and only there: with
 * `CARELINK_ENV=local`, said explicitly (infra/local/platform.sh, the tests, the benchmarks). Anywhere else a
 * secret that is missing, or equal to a default written in the source, stops the process naming the key.
 */
export function isLocalMode(env: Record<string, string | undefined> = process.env): boolean {
  return env.CARELINK_ENV === 'local';
}

const localSecrets = z.registry<{ localDefault: string }>();
/** Every development default of a secret loaded in this process, refused outside local mode under any key. */
const sourceDefaults = new Set<string>();
/** Parts of development defaults (key material) refused outside local mode wherever a secret contains them. */
const sourceFingerprints = new Set<string>();

/**
 * A secret setting: `schema` validates it, `localDefault` is its value in local mode only. Outside local mode
 * createConfig requires it and refuses `localDefault` (and every other secret's default), and any value that
 * contains one of `fingerprints` (key material of the default, however the value is formatted).
 */
export function secret<T extends z.ZodType>(schema: T, localDefault: string, fingerprints: string[] = []): T {
  const field = schema.clone() as T;
  localSecrets.add(field, { localDefault });
  sourceDefaults.add(localDefault);
  for (const f of fingerprints) sourceFingerprints.add(f);
  return field;
}

/** A 32-byte key (AES-256 or HMAC-SHA256) as 64 hex characters: `openssl rand -hex 32`. */
export const hexKey = z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex characters');

/**
 * The public keys that check staff tokens (EdDSA; a JWK set, several while rotating). Every service and adapter
 * holds them; they verify and cannot mint. `npm run -w @carelink/auth token-keys -- staff` makes a pair.
 */
export const staffTokenPublicKeys = secret(
  tokenVerificationKeysSetting,
  localTokenKeys.staffPublic,
  localTokenKeys.fingerprints,
);

/**
 * The private key that signs staff tokens: held by the issuer only (the staff console; the local tools), never by
 * a service or an adapter.
 */
export const staffTokenSigningKey = secret(
  tokenSigningKeySetting,
  localTokenKeys.staffSigning,
  localTokenKeys.fingerprints,
);

/**
 * The public keys of the channel adapters (chat bot, IVR), one per adapter: the services check adapter tokens
 * with them (role channel_adapter, for the channel each key is named for, nothing else).
 */
export const adapterTokenPublicKeys = secret(
  tokenVerificationKeysSetting,
  localTokenKeys.adapterPublic,
  localTokenKeys.fingerprints,
);

/** The private key an adapter signs its own tokens with (its kid begins with its channel: "ivr-…"). */
export function adapterTokenSigningKey(channel: AdapterChannel) {
  return secret(tokenSigningKeySetting, localTokenKeys.adapterSigning[channel], localTokenKeys.fingerprints);
}

/** The key the `channel` adapter signs its tokens with under `env` (ADAPTER_TOKEN_SIGNING_KEY, or the local one). */
export function adapterTokenSigningKeyOf(
  channel: AdapterChannel,
  env: Record<string, string | undefined> = process.env,
): string {
  return createConfig(z.object({ ADAPTER_TOKEN_SIGNING_KEY: adapterTokenSigningKey(channel) }), env)
    .ADAPTER_TOKEN_SIGNING_KEY;
}

/**
 * The key staff tokens are signed with under `env` (STAFF_TOKEN_SIGNING_KEY, or its development default in local
 * mode), for the issuer and the tools that call the services with staff tokens (the demo seed, the benchmarks).
 */
export function staffTokenSigningKeyOf(env: Record<string, string | undefined> = process.env): string {
  return createConfig(z.object({ STAFF_TOKEN_SIGNING_KEY: staffTokenSigningKey }), env).STAFF_TOKEN_SIGNING_KEY;
}

/** Settings every service has. Each service extends this with its own keys. */
export const baseConfigSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// connection string with the database name'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of the service's BullMQ keys in Redis (isolates deployments and test runs). */
  JOBS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/)
    .default('carelink'),
  STAFF_TOKEN_PUBLIC_KEYS: staffTokenPublicKeys,
  ADAPTER_TOKEN_PUBLIC_KEYS: adapterTokenPublicKeys,
  /** Bearer tokens (staff and adapters) valid for longer than this are refused (401). */
  STAFF_TOKEN_MAX_HOURS: z.coerce.number().positive().max(168).default(12),
  /** Prepended to every Kafka topic name (isolates test runs or deployments sharing a cluster). */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/)
    .default(''),
  /** Replication of the topics services create: 1 on one broker, 3 on a cluster (docker compose --profile scale). */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(7).default(1),
  /**
   * The service's Kafka user: SASL on the broker's SASL listener, where ACLs grant each service what the topic
   * registry says (infra/local/kafka-acls.ts). Both or neither; in local mode, the service's user from the
   * local broker's credentials file (infra/local/servers.sh).
   */
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-256', 'scram-sha-512', 'plain']).default('scram-sha-256'),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The outbox relay's safety poll; writes kick the relay at once, so this only catches what a crash left. */
  OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  /**
   * Back-pressure: requests handled at once, waiting at most, and how long one may wait (then 503). The
   * defaults suit a small machine (2 cores running everything: about 35 registrations a second); more in
   * flight there only lengthens every answer. Raise them with the hardware.
   */
  HTTP_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(16),
  HTTP_MAX_QUEUED: z.coerce.number().int().nonnegative().default(64),
  HTTP_QUEUE_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  /** Longest time a request may take in all (Node's requestTimeout). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  CONSUMER_RETRY_ATTEMPTS: z.coerce.number().int().positive().default(5),
  POLICY_DIR: z.string().optional(),
});

export class ConfigError extends Error {}

interface ConfigProblem {
  key: string;
  message: string;
}

/**
 * Parses the environment; a bad or missing value stops the process with a message naming the key. Secrets
 * (`secret()` fields) come first: filled in from their development defaults in local mode, else required.
 */
export function createConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const { input, problems } = applySecretRule(schema, env);
  const parsed = schema.safeParse(input);
  const reported = new Set(problems.map((p) => p.key));
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const key = issue.path.join('.');
    if (!reported.has(key)) problems.push({ key, message: issue.message });
  }
  if (problems.length > 0 || !parsed.success) {
    const lines = problems.map((p) => `  ${p.key}: ${p.message}`);
    throw new ConfigError(`configuration is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The settings `schema` declares with secret(), in its order. */
export function secretKeys(schema: z.ZodType): string[] {
  return Object.entries(shapeOf(schema))
    .filter(([, field]) => localSecrets.has(field))
    .map(([key]) => key);
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  return schema instanceof z.ZodObject ? schema.shape : {};
}

function applySecretRule(
  schema: z.ZodType,
  env: Record<string, string | undefined>,
): { input: Record<string, string | undefined>; problems: ConfigProblem[] } {
  const local = isLocalMode(env);
  const input = { ...env };
  const problems: ConfigProblem[] = [];
  if (local && env.NODE_ENV === 'production')
    problems.push({ key: 'CARELINK_ENV', message: 'local (development secrets) cannot run with NODE_ENV=production' });
  for (const [key, field] of Object.entries(shapeOf(schema))) {
    const meta = localSecrets.get(field);
    if (!meta) continue;
    const value = env[key];
    if (value === undefined || value === '') {
      if (local) input[key] = meta.localDefault;
      else problems.push({ key, message: 'required: secrets have development defaults only with CARELINK_ENV=local' });
    } else if (!local && (sourceDefaults.has(value) || [...sourceFingerprints].some((f) => value.includes(f)))) {
      problems.push({ key, message: 'is a development default written in the source code; set a secret of your own' });
    }
  }
  return { input, problems };
}

/**
 * Defaults for one machine (infra/local) where the environment does not say: the service's port and database
 * everywhere, and `localOnly` (settings unsafe beyond one machine) only in local mode. Secrets get their
 * development defaults from their `secret()` fields, in createConfig.
 */
export function withLocalDefaults(
  service: string,
  port: number,
  env: Record<string, string | undefined> = process.env,
  localOnly: Record<string, string> = {},
): Record<string, string | undefined> {
  return {
    PORT: String(port),
    MONGO_URL: `mongodb://127.0.0.1:27017/carelink_${service.replace(/-/g, '_')}`,
    ...(isLocalMode(env) ? { ...localOnly, ...localKafkaUser(service, env) } : {}),
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  };
}
