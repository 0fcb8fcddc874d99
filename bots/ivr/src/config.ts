import {
  adapterTokenSigningKey,
  createConfig as parse,
  hexKey,
  secret,
  staffTokenPublicKeys,
  withLocalDefaults,
} from '@carelink/service-host';
import { z } from 'zod';

/** The IVR adapter's settings, validated at start; a bad value stops the process naming the key. */
export const ivrConfigSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4201),
  /** The base URL the telephony provider calls (it signs URL + params): e.g. https://ivr.example.gov.cn */
  PUBLIC_BASE_URL: z.string().url(),
  /** The provider account's secret (auth token) that webhook signatures are made with. */
  VOICE_AUTH_TOKEN: secret(z.string().min(16, 'at least 16 characters'), 'local-voice-auth-token-change-me'),
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
  /** provider-scheduling: where callers confirm (or dispute) the visits awaiting their confirmation. */
  PROVIDER_SCHEDULING_URL: z.string().url().default('http://127.0.0.1:4104'),
  /** Seals live call state and cached answers in Redis (keyed-in ID numbers): 32 bytes as 64 hex characters. */
  IVR_DATA_KEY: secret(hexKey, '1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f00f'),
  /** Checks the staff tokens of `GET /calls` (hotline operators, the county): public keys, which cannot mint. */
  STAFF_TOKEN_PUBLIC_KEYS: staffTokenPublicKeys,
  /** Signs the adapter's own service tokens (role channel_adapter, channel ivr, per region): the IVR's own key. */
  ADAPTER_TOKEN_SIGNING_KEY: adapterTokenSigningKey('ivr'),
  /** Bearer tokens valid for longer than this are refused (401). */
  STAFF_TOKEN_MAX_HOURS: z.coerce.number().positive().max(168).default(12),
  /**
   * Where the telephony provider serves recordings: the only places a RecordingUrl is downloaded from (also
   * after a redirect). Comma-separated host names (https) or origins (`http://127.0.0.1:4210`). Default: the
   * provider's documented host.
   */
  VOICE_RECORDING_HOSTS: z
    .string()
    .default('api.twilio.com')
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(https?:\/\/)?[a-z0-9.-]+(:\d+)?$/, 'a host name or an origin')).min(1)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  POLICY_DIR: z.string().optional(),
  PROMPTS_DIR: z.string().optional(),
});
export type IvrConfig = z.infer<typeof ivrConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): IvrConfig {
  // On one machine the "provider" (scripts/call.ts) calls the adapter on its own port, and recordings are
  // served from a local file server (the README's example: http://127.0.0.1:8000).
  const local = {
    PUBLIC_BASE_URL: `http://127.0.0.1:${env.PORT || 4201}`,
    VOICE_RECORDING_HOSTS: 'api.twilio.com,http://127.0.0.1:8000',
  };
  return parse(ivrConfigSchema, withLocalDefaults('ivr', 4201, env, local));
}
