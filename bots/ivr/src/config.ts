import { createConfig as parse } from '@carelink/service-host';
import { z } from 'zod';

/** The IVR adapter's settings, validated at start; a bad value stops the process naming the key. */
export const ivrConfigSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4201),
  /** The base URL the telephony provider calls (it signs URL + params): e.g. https://ivr.example.gov.cn */
  PUBLIC_BASE_URL: z.string().url(),
  /** The provider account's secret (auth token) that webhook signatures are made with. */
  VOICE_AUTH_TOKEN: z.string().min(16, 'at least 16 characters'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// connection string with the database name'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of the call state keys in Redis (isolates deployments and test runs). */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/)
    .default('ivr'),
  INTAKE_URL: z.string().url().default('http://127.0.0.1:4101'),
  COMPLAINTS_URL: z.string().url().default('http://127.0.0.1:4106'),
  /** Seals live call state and cached answers in Redis (keyed-in ID numbers): 32 bytes as 64 hex characters. */
  IVR_DATA_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex characters'),
  /** Signs the adapter's own service tokens (role channel_adapter, per region); the services' JWT secret. */
  JWT_SECRET: z.string().min(32, 'at least 32 characters'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  POLICY_DIR: z.string().optional(),
  PROMPTS_DIR: z.string().optional(),
});
export type IvrConfig = z.infer<typeof ivrConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): IvrConfig {
  return parse(ivrConfigSchema, {
    // Development defaults for one machine (infra/local); production sets its own.
    PUBLIC_BASE_URL: `http://127.0.0.1:${env.PORT || 4201}`,
    VOICE_AUTH_TOKEN: 'local-voice-auth-token-change-me',
    MONGO_URL: 'mongodb://127.0.0.1:27017/carelink_ivr',
    JWT_SECRET: 'local-development-secret-change-me-0123456789',
    IVR_DATA_KEY: '1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f00f',
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  });
}
