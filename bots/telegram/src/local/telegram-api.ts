import type { Logger } from '@carelink/telemetry';
import type TelegramServer from 'telegram-test-api';
import type { BotConfig } from '../config';

/** The Bot API the bot talks to: Telegram's, another one (TELEGRAM_API_ROOT), or the local emulator. */
export interface TelegramApi {
  /** Undefined: Telegram's own. */
  apiRoot?: string;
  /** The local emulator runs in this process (local mode). */
  local: boolean;
  stop: () => Promise<void>;
}

/** Local mode: no other Bot API is set and LOCAL_TELEGRAM_PORT names a port for the emulator. */
export function isLocalMode(config: Pick<BotConfig, 'TELEGRAM_API_ROOT' | 'LOCAL_TELEGRAM_PORT'>): boolean {
  return !config.TELEGRAM_API_ROOT && config.LOCAL_TELEGRAM_PORT > 0;
}

/**
 * Opens the Bot API of this deployment. In local mode the process starts a Telegram Bot API emulator
 * (`telegram-test-api`, a dev dependency) and talks to it; the emulator is loaded only then, so a production
 * start never loads it (and a production install does not have it).
 */
export async function openTelegramApi(
  config: Pick<BotConfig, 'TELEGRAM_API_ROOT' | 'LOCAL_TELEGRAM_PORT' | 'HOST'>,
  logger: Pick<Logger, 'info'>,
): Promise<TelegramApi> {
  if (!isLocalMode(config)) return { apiRoot: config.TELEGRAM_API_ROOT, local: false, stop: async () => undefined };
  // A CommonJS package whose module.exports is the class: that is `default` at run time, whatever its typings say.
  const { default: Emulator } = (await import('telegram-test-api')) as unknown as { default: typeof TelegramServer };
  const emulator = new Emulator({ port: config.LOCAL_TELEGRAM_PORT, host: config.HOST, storeTimeout: 3600 });
  await emulator.start();
  const apiRoot = emulator.config.apiURL;
  logger.info({ apiRoot }, 'local Telegram Bot API emulator started');
  return {
    apiRoot,
    local: true,
    stop: async () => {
      await emulator.stop();
    },
  };
}
