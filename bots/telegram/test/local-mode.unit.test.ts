import { isLocalMode, openTelegramApi } from '../src/local/telegram-api';

/** Counts loads of the emulator package; in local mode it plays the emulator (start, stop, its URL). */
const mockEmulator = { loads: 0, started: 0, stopped: 0 };
jest.mock('telegram-test-api', () => {
  mockEmulator.loads += 1;
  return class {
    config: { apiURL: string };
    constructor(options: { port: number; host: string }) {
      this.config = { apiURL: `http://${options.host}:${options.port}` };
    }
    async start() {
      mockEmulator.started += 1;
    }
    async stop() {
      mockEmulator.stopped += 1;
      return true;
    }
  };
});

const logger = { info: () => undefined };

describe('the Bot API emulator only in local mode', () => {
  it('local mode is a port for the emulator and no other Bot API', () => {
    expect(isLocalMode({ LOCAL_TELEGRAM_PORT: 4203 })).toBe(true);
    expect(isLocalMode({ LOCAL_TELEGRAM_PORT: 0 })).toBe(false);
    expect(isLocalMode({ LOCAL_TELEGRAM_PORT: 4203, TELEGRAM_API_ROOT: 'http://127.0.0.1:4332' })).toBe(false);
  });

  it('a production start (the whole service, Telegram’s or another Bot API) never loads the emulator', async () => {
    jest.requireActual('../src/service');
    const telegram = await openTelegramApi({ LOCAL_TELEGRAM_PORT: 0, HOST: '0.0.0.0' }, logger);
    expect(telegram).toMatchObject({ apiRoot: undefined, local: false });
    const other = await openTelegramApi(
      { LOCAL_TELEGRAM_PORT: 4203, TELEGRAM_API_ROOT: 'http://127.0.0.1:4332', HOST: '0.0.0.0' },
      logger,
    );
    expect(other).toMatchObject({ apiRoot: 'http://127.0.0.1:4332', local: false });
    expect(mockEmulator.loads).toBe(0);
  });

  it('in local mode the emulator is loaded, started on its port, and stopped with the bot', async () => {
    const local = await openTelegramApi({ LOCAL_TELEGRAM_PORT: 4203, HOST: '127.0.0.1' }, logger);
    expect(local).toMatchObject({ apiRoot: 'http://127.0.0.1:4203', local: true });
    expect(mockEmulator).toMatchObject({ loads: 1, started: 1, stopped: 0 });
    await local.stop();
    expect(mockEmulator.stopped).toBe(1);
  });
});
