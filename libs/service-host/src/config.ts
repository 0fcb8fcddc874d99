import { z } from 'zod';

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
  JWT_SECRET: z.string().min(32, 'at least 32 characters'),
  /** Prepended to every Kafka topic name (isolates test runs or deployments sharing a cluster). */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/)
    .default(''),
  /** Replication of the topics services create: 1 on one broker, 3 on a cluster (docker compose --profile scale). */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(7).default(1),
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

/** Parses the environment; a bad or missing value stops the process with a message naming the key. */
export function createConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`configuration is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Development defaults for one machine (infra/local): used where the environment does not say. */
export function withLocalDefaults(
  service: string,
  port: number,
  env: Record<string, string | undefined> = process.env,
): Record<string, string | undefined> {
  return {
    PORT: String(port),
    MONGO_URL: `mongodb://127.0.0.1:27017/carelink_${service.replace(/-/g, '_')}`,
    JWT_SECRET: 'local-development-secret-change-me-0123456789',
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  };
}
