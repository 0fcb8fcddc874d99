import {
  baseConfigSchema,
  createConfig as parse,
  hexKey,
  isLocalMode,
  secret,
  staffTokenSigningKey,
  withLocalDefaults,
} from '@carelink/service-host';
import { resolve } from 'node:path';
import { z } from 'zod';

const serviceUrl = (port: number) =>
  z
    .string()
    .url()
    .regex(/^https?:\/\//, 'an http:// or https:// base URL')
    .default(`http://127.0.0.1:${port}`);

/**
 * The console's settings: where its accounts (MongoDB) and sessions (Redis) live, the key sealing TOTP secrets,
 * the session lifetimes, and the base URL of every service the browser reaches through `/api/<service>`.
 */
export const consoleConfigSchema = baseConfigSchema
  .pick({
    HOST: true,
    PORT: true,
    MONGO_URL: true,
    REDIS_URL: true,
    LOG_LEVEL: true,
    POLICY_DIR: true,
    HTTP_REQUEST_TIMEOUT_MS: true,
    STAFF_TOKEN_PUBLIC_KEYS: true,
  })
  .extend({
    /**
     * The private key (Ed25519 JWK) the console signs each request's staff JWT with: the console is the issuer of
     * staff tokens; the services hold only the public keys (STAFF_TOKEN_PUBLIC_KEYS).
     */
    STAFF_TOKEN_SIGNING_KEY: staffTokenSigningKey,
    /** AES-256 key (64 hex) sealing the accounts' TOTP secrets at rest. */
    CONSOLE_DATA_KEY: secret(hexKey, '5ca1ab1e0ddba11c0ffee0ddf00dfeedfacadebeadedcafe5eedbed5ca1ab1e0'),
    /** Prefix of the console's keys in Redis (sessions): isolates deployments and test runs. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._:-]*$/)
      .default('carelink:console:'),
    /** A session ends after this long without a request (sliding). */
    SESSION_IDLE_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(30 * 60),
    /** … and at the latest this long after sign-in, however active. */
    SESSION_MAX_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(12 * 3600),
    /** Lifetime of the staff JWT the console signs for each request it passes on to a service. */
    STAFF_TOKEN_TTL: z
      .string()
      .regex(/^\d+[smh]$/, 'a duration such as 5m')
      .default('5m'),
    INTAKE_URL: serviceUrl(4101),
    ASSESSMENT_URL: serviceUrl(4102),
    REFERRAL_URL: serviceUrl(4103),
    PROVIDER_SCHEDULING_URL: serviceUrl(4104),
    SETTLEMENT_URL: serviceUrl(4105),
    COMPLAINTS_URL: serviceUrl(4106),
    IVR_URL: serviceUrl(4201),
    TELEGRAM_URL: serviceUrl(4202),
    /** How long the console waits for a service's answer to begin (then 504). */
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
    /** How often the chat-bot's hand-over queue is read while hotline operators are connected. */
    CHAT_POLL_MS: z.coerce.number().int().positive().default(2000),
    /** Comment lines keeping an event stream open through proxies. */
    EVENTS_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
    /** The browser app as built by `vite build web`. */
    WEB_DIST: z.string().default(resolve(__dirname, '../web/dist')),
  });

export type ConsoleSettings = z.infer<typeof consoleConfigSchema>;

export interface ConsoleConfig extends ConsoleSettings {
  /** Session cookies carry `Secure` everywhere but on one machine (CARELINK_ENV=local, plain http). */
  secureCookies: boolean;
  /** Demo accounts (marked 演示) sign in only in local mode. */
  localMode: boolean;
  /** The key the console signs each request's staff JWT with (see staffSigningKey). */
  staffSigningKey: string;
}

/**
 * The one place the console gets the key it signs staff tokens with: STAFF_TOKEN_SIGNING_KEY (the setting of
 * `@carelink/service-host`; its development default in local mode only).
 */
export function staffSigningKey(settings: ConsoleSettings): string {
  return settings.STAFF_TOKEN_SIGNING_KEY;
}

/** The services the browser reaches under `/api/<name>`, and their base URLs. */
export function serviceUrls(config: ConsoleSettings): Record<string, string> {
  return {
    intake: config.INTAKE_URL,
    assessment: config.ASSESSMENT_URL,
    referral: config.REFERRAL_URL,
    'provider-scheduling': config.PROVIDER_SCHEDULING_URL,
    settlement: config.SETTLEMENT_URL,
    complaints: config.COMPLAINTS_URL,
    ivr: config.IVR_URL,
    telegram: config.TELEGRAM_URL,
  };
}

export function createConfig(env: Record<string, string | undefined> = process.env): ConsoleConfig {
  const settings = parse(consoleConfigSchema, withLocalDefaults('console', 4300, env));
  const localMode = isLocalMode(env);
  return { ...settings, localMode, secureCookies: !localMode, staffSigningKey: staffSigningKey(settings) };
}
