/**
 * 邻里互助 and 爱心门铃 in a real Chromium, against provider-scheduling as a process on the real servers and the
 * resident chat bot (with its Telegram Bot API emulator) in this process, the Chizhou pack's escalation set to
 * fifteen seconds (a pack override: the real packs copied, one number changed). The village coordinator registers
 * two trained neighbours, pairs one and records a visit (counted by the village), gives each a chat link code that
 * they send the bot, and registers a doorbell (its secret shown once). A press signed with that secret reaches both
 * neighbours' chats with [我去看看]; nobody answers, and the township's alerts page shows the escalation without a
 * reload, with the alert's timeline. Each page is saved as a screenshot and passes the accessibility check.
 */
import { startService, type RunningService } from '@carelink/service-host';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import TelegramServer from 'telegram-test-api';
import { createConfig as botConfig, type BotConfig } from '../../../bots/telegram/src/config';
import { EmulatorChat } from '../../../bots/telegram/src/local/emulator-chat';
import { telegramBotService } from '../../../bots/telegram/src/service';
import { call } from '../platform';
import { at, choose, expectAccessible, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// provider-scheduling 4754 (its slot of the platform); the Bot API emulator 4752, the chat bot 4753 (the unused
// intake and assessment slots); the console 4759.
const BASE_PORT = 4751;
const EMULATOR_PORT = BASE_PORT + 1;
const BOT_PORT = BASE_PORT + 2;
const BOT_TOKEN = 'e2e-console-neighbours-bot-token';
const ESCALATE_SECONDS = 15;

/** The real packs, with the Chizhou doorbell escalating after fifteen seconds instead of ten minutes. */
function packsEscalatingFast(): string {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-doorbell-packs-'));
  cpSync(join(__dirname, '../../../policy'), dir, { recursive: true });
  const file = join(dir, 'chizhou.yaml');
  const yaml = readFileSync(file, 'utf8');
  if (!/escalateAfterMinutes: 10\b/.test(yaml))
    throw new Error('the Chizhou pack no longer says escalateAfterMinutes: 10');
  writeFileSync(file, yaml.replace(/escalateAfterMinutes: 10\b/, `escalateAfterMinutes: ${ESCALATE_SECONDS / 60}`));
  return dir;
}

describe('neighbour help and the love doorbell in the console', () => {
  let run: ConsoleRun;
  let emulator: TelegramServer | undefined;
  let bot: RunningService<BotConfig> | undefined;
  const policyDir = process.env.POLICY_DIR;

  beforeAll(async () => {
    // The services this run starts read the packs from here (the console too: the same packs, one number apart).
    process.env.POLICY_DIR = packsEscalatingFast();
    run = await ConsoleRun.start('e2e-console-neighbours', BASE_PORT, ['provider-scheduling'], async (platform) => {
      const env = platform.env('provider-scheduling');
      emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
      await emulator.start();
      bot = await startService(
        telegramBotService(),
        botConfig({
          CARELINK_ENV: 'local',
          PORT: String(BOT_PORT),
          MONGO_URL: String(env.MONGO_URL).replace(/_provider_scheduling$/, '_telegram_bot'),
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          ...platform.kafkaUserEnv('telegram-bot'),
          KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX,
          REDIS_URL: env.REDIS_URL,
          JOBS_PREFIX: `${platform.options.runId}-bot`,
          REDIS_PREFIX: `${platform.options.runId}:bot:`,
          LOG_LEVEL: 'warn',
          REGION: 'chizhou',
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_API_ROOT: emulator.config.apiURL,
          PROVIDER_SCHEDULING_URL: platform.url('provider-scheduling', ''),
          RATE_LIMIT_PER_WINDOW: '30',
          POLICY_DIR: process.env.POLICY_DIR,
        }),
      );
      return { telegram: `http://127.0.0.1:${BOT_PORT}` };
    });
  }, SETUP_MS);

  afterAll(async () => {
    // The bot first: stopping the run takes back the Kafka grants it consumes under.
    await bot?.stop();
    await emulator?.stop();
    await run?.stop();
    if (policyDir === undefined) delete process.env.POLICY_DIR;
    else process.env.POLICY_DIR = policyDir;
  });

  it('alerts two neighbours’ chats when the doorbell is pressed, and escalates to the township when nobody answers', async () => {
    const li = new EmulatorChat(emulator!, BOT_TOKEN, 7751, '李阿姨');
    const wang = new EmulatorChat(emulator!, BOT_TOKEN, 7752, '王叔叔');
    const deviceId = `DB-E2E-${Date.now().toString(36).toUpperCase()}`;
    let secret = '';

    const village = await run.page();
    await journey(village, 'neighbour-help-village', async () => {
      await signIn(village, DEMO.village, DEMO_PASSWORD);
      await village.getByTestId('menu-neighbour-help').click();
      await at(village, '/neighbour-help');
      await shows(village.getByTestId('alerts-table'));
      await village.getByRole('tab', { name: '邻里', exact: true }).click();

      // Two neighbours of the village, trained (简单护理技能, 4 hours, today: the form's defaults).
      for (const [name, idNumber, phone] of [
        ['李阿姨', '341702195603120048', '13905667751'],
        ['王叔叔', '341702196208150030', '13905667752'],
      ] as const) {
        await village.getByTestId('register-neighbour-button').click();
        const form = await shows(village.getByTestId('register-neighbour'));
        await choose(village, form.getByTestId('neighbour-village'), /示范社区甲/);
        await form.getByTestId('neighbour-name').fill(name);
        await form.getByTestId('neighbour-id-number').fill(idNumber);
        await form.getByTestId('neighbour-phone').fill(phone);
        await village.getByTestId('register-neighbour-submit').click();
        await shows(village.getByTestId('neighbours-table').getByRole('row'), name);
      }
      const row = (name: string) => village.getByTestId('neighbours-table').getByRole('row').filter({ hasText: name });
      await shows(row('李阿姨'), '已培训');
      await shows(row('李阿姨'), '341*************48');

      // 李阿姨 helps 张阿姨; the village records a visit of hers.
      await row('李阿姨').getByTestId('pair-button').click();
      await village.getByTestId('pair-person').fill('张阿姨');
      await village.getByTestId('pair-neighbour-submit').click();
      await shows(row('李阿姨'), '张阿姨');
      await row('李阿姨').getByTestId('visit-button').click();
      await village.getByTestId('visit-content').fill('打扫卫生，陪老人聊天');
      await village.getByTestId('neighbour-visit-submit').click();
      await shows(village.locator('.ant-message'), '已保存');

      // Each links their chat with a one-time code: /start nb-XXXXXXXX in the bot.
      for (const [name, chat] of [
        ['李阿姨', li],
        ['王叔叔', wang],
      ] as const) {
        await row(name).getByTestId('link-code-button').click();
        const code = (await (await shows(village.getByTestId('link-code'), /nb-[A-Z0-9]{8}/)).innerText()).trim();
        await village.keyboard.press('Escape');
        await chat.say(`/start ${/nb-[A-Z0-9]{8}/.exec(code)![0]}`);
        await chat.expect(`绑定成功！${name}`);
      }
      // Linked in the bot: the page shows it once read again.
      await village.reload();
      await village.getByRole('tab', { name: '邻里', exact: true }).click();
      await shows(row('王叔叔').getByTestId('neighbour-chat'), '已绑定');
      await screenshot(village, 'neighbour-help-neighbours');
      await expectAccessible(village, 'the neighbours');

      await village.getByRole('tab', { name: '走访统计', exact: true }).click();
      const counted = await shows(village.getByTestId('visit-counts-table').getByRole('row'), '李阿姨');
      await shows(counted, /李阿姨.*1/);
      await screenshot(village, 'neighbour-help-visit-counts');
      await expectAccessible(village, 'the visits counted');

      // The doorbell of 张阿姨, alerting both; its secret is shown once.
      await village.getByRole('tab', { name: '门铃设备', exact: true }).click();
      await village.getByTestId('register-device-button').click();
      const form = await shows(village.getByTestId('register-device'));
      await form.getByTestId('device-id').fill(deviceId);
      await choose(village, form.getByTestId('device-village'), /示范社区甲/);
      await form.getByTestId('device-person').fill('张阿姨');
      await form.getByTestId('device-place').fill('示范社区甲3组');
      await choose(village, form.getByTestId('device-neighbours'), '李阿姨');
      // The list stays open after a pick (several may be picked): the second is clicked in it.
      await village
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: '王叔叔' })
        .first()
        .click();
      await form.getByTestId('device-place').click();
      await village.getByTestId('register-device-submit').click();
      secret = (await (await shows(village.getByTestId('device-secret'), /[0-9a-f]{64}/)).innerText()).trim();
      await screenshot(village, 'neighbour-help-device-secret');
      await expectAccessible(village, 'the device secret');
      await village.keyboard.press('Escape');
      await shows(village.getByTestId('devices-table').getByRole('row'), deviceId);
    });

    // 张阿姨 presses: the device signs its event with its secret.
    const body = JSON.stringify({ deviceId, event: 'pressed', at: new Date().toISOString() });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `sha256=${createHmac('sha256', secret.match(/[0-9a-f]{64}/)![0])
      .update(`${timestamp}.${body}`)
      .digest('hex')}`;
    const pressed = await fetch(run.platform.url('provider-scheduling', '/doorbell/events'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-doorbell-timestamp': String(timestamp),
        'x-doorbell-signature': signature,
      },
      body,
    });
    expect(pressed.status).toBe(201);
    // Both neighbours' chats, within seconds, with the button to go.
    for (const chat of [li, wang]) {
      const alert = await chat.expect('张阿姨（示范社区甲3组）按了爱心门铃');
      expect(JSON.stringify(alert)).toContain('我去看看');
    }

    // Nobody answers: the township's alerts page shows the escalation, polled, without a reload.
    const township = await run.page();
    await journey(township, 'neighbour-help-township', async () => {
      await signIn(township, DEMO.township, DEMO_PASSWORD);
      await township.getByTestId('menu-neighbour-help').click();
      await at(township, '/neighbour-help');
      await shows(township.getByTestId('escalated-banner'), '张阿姨（示范社区甲3组）', (ESCALATE_SECONDS + 45) * 1000);
      const alertRow = township.getByTestId('alerts-table').getByRole('row').filter({ hasText: '张阿姨' }).first();
      await shows(alertRow.getByTestId('alert-status'), '无人响应·已上报');
      await alertRow.click();
      const timeline = await shows(township.getByTestId('alert-timeline'));
      await shows(timeline, '已送达 · 李阿姨');
      await shows(timeline, '已送达 · 王叔叔');
      await shows(timeline, '无人响应，已上报乡镇');
      await screenshot(township, 'neighbour-help-alert-escalated');
      await expectAccessible(township, 'the escalated doorbell alert');
    });
    const listed = await call<{ items: { deviceId: string; status: string }[] }>(
      'GET',
      run.platform.url('provider-scheduling', '/alerts'),
      await run.tokenOf('township'),
    );
    expect(listed.body.items.find((a) => a.deviceId === deviceId)?.status).toBe('escalated');
  });
});
