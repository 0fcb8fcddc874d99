/**
 * Server time per Telegram update of the resident bot: RESIDENTS residents (default 20) each go through a
 * whole application (about 16 updates: menu, identity, contact, place, services, description, consent,
 * confirmation → intake) at the same time, through the local Bot API emulator, against the real Kafka,
 * FerretDB and Redis, with intake as its own process. Prints p50/p90/p99/max of the time the bot spent on
 * each update (first middleware start to end, Bot API calls and the confirming call to intake included).
 *
 *   npx tsx --conditions=source bench/telegram-updates.ts
 */
import { startService } from '@carelink/service-host';
import { testServers, uniqueName } from '@carelink/test-servers';
import TelegramServer from 'telegram-test-api';
import { createConfig } from '../bots/telegram/src/config';
import { EmulatorChat } from '../bots/telegram/src/local/emulator-chat';
import { telegramBotService } from '../bots/telegram/src/service';
import { Platform, residentId } from '../infra/e2e/platform';

const RESIDENTS = Number(process.env.RESIDENTS ?? 20);
const BASE_PORT = 4341;
const BOT_TOKEN = 'bench-bot-token';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function report(label: string, seconds: number[]) {
  const ms = seconds.map((s) => s * 1000).sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(7);
  process.stdout.write(
    `${label.padEnd(28)} n=${String(ms.length).padStart(4)}  p50 ${f(quantile(ms, 0.5))} ms  p90 ${f(quantile(ms, 0.9))} ms  p99 ${f(quantile(ms, 0.99))} ms  max ${f(ms[ms.length - 1]!)} ms\n`,
  );
}

async function main() {
  const servers = await testServers();
  const platform = new Platform({
    runId: uniqueName('bench-telegram'),
    kafkaBrokers: servers.kafkaBrokers,
    mongoUrl: servers.mongoUrl,
    redisUrl: servers.redisUrl,
    basePort: BASE_PORT,
    kafkaSasl: servers.kafkaSasl,
  });
  await platform.grantKafkaAccess();
  platform.start('intake');
  await platform.waitReady('intake');
  const emulator = new TelegramServer({ port: BASE_PORT + 11, host: '127.0.0.1', storeTimeout: 600 });
  await emulator.start();
  const env = platform.env('intake');
  const durations: number[] = [];
  const bot = await startService(
    telegramBotService({ observeUpdate: (s) => durations.push(s) }),
    createConfig({
      CARELINK_ENV: 'local',
      PORT: String(BASE_PORT + 10),
      MONGO_URL: String(env.MONGO_URL).replace(/_intake$/, '_telegram_bot'),
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      ...platform.kafkaUserEnv('telegram-bot'),
      KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX,
      REDIS_URL: env.REDIS_URL,
      JOBS_PREFIX: `${platform.options.runId}-bot`,
      REDIS_PREFIX: `${platform.options.runId}:bot:`,
      LOG_LEVEL: 'error',
      REGION: 'chizhou',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: emulator.config.apiURL,
      INTAKE_URL: platform.url('intake', ''),
      RATE_LIMIT_PER_WINDOW: '50',
    }),
  );
  const started = Date.now();
  try {
    await Promise.all(
      Array.from({ length: RESIDENTS }, async (_, n) => {
        const chat = new EmulatorChat(emulator, BOT_TOKEN, 90_000 + n, `测试居民${n}`, 120_000);
        await chat.ask('/start', '请点下面的按钮');
        await chat.ask('📝 申请服务', '为谁申请');
        await chat.ask('为我自己申请', '申请人的姓名');
        await chat.ask(`测试居民${n}`, '18位身份证号码');
        await chat.ask(residentId('341702', '1950-01-01', 100 + n), '分享手机号');
        await chat.shareContact(`+86139056${String(10000 + n).slice(-5)}`);
        await chat.expect('哪个县');
        await chat.ask('贵池区', '哪个乡镇');
        await chat.ask('池阳街道', '哪个村');
        await chat.ask('示范社区甲', '哪一类救助对象');
        await chat.ask('特困人员', '哪一类服务');
        await chat.ask('生活照料', '请选择具体服务');
        await chat.ask('助餐送餐', '已选');
        await chat.expect('哪一类服务');
        await chat.ask('✅ 选好了', '需要什么帮助');
        await chat.ask('需要送饭', '您同意吗');
        await chat.ask('同意', '请核对');
        await chat.ask('✅ 确认提交', '受理编号', 60_000);
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `\n${RESIDENTS} residents, ${durations.length} updates in ${seconds.toFixed(1)} s (emulator polling, one bot process)\n`,
    );
    report('all updates', durations);
  } finally {
    await bot.stop();
    await emulator.stop();
    await platform.stopAll();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
