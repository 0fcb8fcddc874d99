import {
  adapterTokenSigningKey,
  baseConfigSchema,
  createConfig as parse,
  hexKey,
  secret,
  withLocalDefaults,
} from '@carelink/service-host';
import { z } from 'zod';

export const botConfigSchema = baseConfigSchema
  .extend({
    /**
     * The regions this deployment serves, comma-separated (`chizhou,changji`), each with its policy pack (places,
     * catalogue, languages): a resident chooses one at /start (or by a deep link, /start changji); the first is
     * the default (the one region of a deployment that names one, as before: no question then).
     */
    REGION: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,30}(,[a-z][a-z0-9-]{1,30})*$/, 'region ids, comma-separated (chizhou,changji)')
      .transform((list) => [...new Set(list.split(','))]),
    /** Bot token from @BotFather; the local default only works against the emulator (LOCAL_TELEGRAM). */
    TELEGRAM_BOT_TOKEN: secret(z.string().min(5), 'local-emulator-token'),
    /** Bot API root; set to the emulator's URL in local mode. Default: Telegram's. */
    TELEGRAM_API_ROOT: z.string().url().optional(),
    /** `polling` (getUpdates) or `webhook` (Telegram POSTs to /telegram/webhook with the secret token). */
    BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
    /** Public HTTPS URL of /telegram/webhook, registered with setWebhook in webhook mode. */
    WEBHOOK_URL: z.string().url().optional(),
    /** Checked against X-Telegram-Bot-Api-Secret-Token on every webhook call. */
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, '16–256 characters of A-Z a-z 0-9 _ -')
      .optional(),
    /** Start a local Telegram Bot API emulator (telegram-test-api) on this port and talk to it. 0 = off. */
    LOCAL_TELEGRAM_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** AES-256 key (64 hex) sealing what the bot keeps in Redis (conversations, applications, phones). */
    BOT_DATA_KEY: secret(hexKey, '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'),
    /** Signs the bot's own service tokens (role channel_adapter, channel chatbot): the bot's own key. */
    ADAPTER_TOKEN_SIGNING_KEY: adapterTokenSigningKey('chatbot'),
    INTAKE_URL: z.string().url().default('http://127.0.0.1:4101'),
    COMPLAINTS_URL: z.string().url().default('http://127.0.0.1:4106'),
    /** Where the providers' names are read (`GET /providers`), to name them to residents. */
    REFERRAL_URL: z.string().url().default('http://127.0.0.1:4103'),
    /** Where residents confirm or dispute visits (provider-scheduling's confirmation routes). */
    PROVIDER_SCHEDULING_URL: z.string().url().default('http://127.0.0.1:4104'),
    /** Prefix of the bot's own Redis keys (conversations, chat directory, operator queue). */
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._:-]*$/)
      .default('carelink:telegram:'),
    /** Messages per resident per window before the bot asks them to slow down. */
    RATE_LIMIT_PER_WINDOW: z.coerce.number().int().positive().default(6),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(2000),
  })
  .superRefine((c, ctx) => {
    if (c.BOT_MODE === 'webhook' && !c.WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'required in webhook mode' });
  });
export type BotConfig = z.infer<typeof botConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): BotConfig {
  return parse(botConfigSchema, { REGION: 'chizhou,changji', ...withLocalDefaults('telegram-bot', 4202, env) });
}
