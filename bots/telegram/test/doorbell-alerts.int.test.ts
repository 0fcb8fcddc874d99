/**
 * Doorbell alerts pushed to chats through the local Bot API emulator, the contacts in real Redis: an alert goes to
 * both linked neighbours (with [我去看看]) and is reported undelivered for a recipient with no linked chat; the same
 * event delivered again alerts nobody twice; an acknowledgement tells the others who went; an escalation alerts the
 * village coordinator again. (Provider-scheduling's side of the same flow: services/provider-scheduling
 * doorbell.int.test.ts; the whole flow in the browser: infra/e2e/console/neighbour-help.e2e.test.ts.)
 */
import type { CloudEvent } from '@carelink/contracts';
import { testServers, uniqueName } from '@carelink/test-servers';
import { Bot } from 'grammy';
import IORedis, { type Redis } from 'ioredis';
import TelegramServer from 'telegram-test-api';
import { doorbellFanOut } from '../src/bot/alert-messages';
import { createI18n } from '../src/bot/create-bot';
import { AlertContacts } from '../src/data-access/alert-contacts';
import type { ChatDirectory } from '../src/data-access/chat-directory';
import { alertAcknowledged, alertEscalated, alertRaised } from '../src/domain/doorbell-alerts/fan-out';
import { EmulatorChat } from '../src/local/emulator-chat';

const EMULATOR_PORT = 4397;
const TOKEN = 'doorbell-alerts-bot-token';

const person = { name: '张阿姨', place: '示范社区甲3组' };
const li = { kind: 'neighbour' as const, id: 'nb_li', name: '李阿姨' };
const wang = { kind: 'neighbour' as const, id: 'nb_wang', name: '王叔叔' };
const zhao = { kind: 'neighbour' as const, id: 'nb_zhao', name: '赵姐' };
const zhou = { kind: 'coordinator' as const, id: 'vc-zhou', name: '周协理员' };

function event(type: string, data: Record<string, unknown>): CloudEvent {
  return {
    id: uniqueName('evt'),
    type,
    source: '/test',
    specversion: '1.0',
    time: new Date().toISOString(),
    data,
  } as unknown as CloudEvent;
}

describe('doorbell alerts to neighbours’ chats (emulator, real Redis)', () => {
  let redis: Redis;
  let emulator: TelegramServer;
  let contacts: AlertContacts;
  const reports: { alertId: string; recipient: { id: string }; delivered: boolean; reason?: string }[] = [];
  let deps: ReturnType<typeof doorbellFanOut>;

  beforeAll(async () => {
    redis = new IORedis((await testServers()).redisUrl);
    emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    contacts = new AlertContacts(redis, `${uniqueName('tg-doorbell')}:`);
    const bot = new Bot(TOKEN, { client: { apiRoot: emulator.config.apiURL } });
    deps = doorbellFanOut(bot.api, createI18n({ locale: async () => undefined } as unknown as ChatDirectory, 'zh'), {
      contacts,
      // Reports go to provider-scheduling's POST /alerts/:alertId/deliveries; here they are kept to be read.
      client: { reportDelivery: async (alertId, _region, report) => void reports.push({ alertId, ...report }) },
      locale: async () => undefined,
      defaultLocale: 'zh',
    });
  });
  afterAll(async () => {
    await emulator?.stop();
    await redis?.quit();
  });

  it('alerts both linked neighbours once, says who went, and re-alerts the coordinator on escalation', async () => {
    const chats = {
      li: new EmulatorChat(emulator, TOKEN, 8801, '李阿姨'),
      wang: new EmulatorChat(emulator, TOKEN, 8802, '王叔叔'),
      zhou: new EmulatorChat(emulator, TOKEN, 8803, '周'),
    };
    // Each chat says something first, as linking with /start nb-… does.
    for (const chat of Object.values(chats)) await chat.say('/start');
    await contacts.link(8801, { ...li, region: 'chizhou' });
    await contacts.link(8802, { ...wang, region: 'chizhou' });
    await contacts.link(8803, { ...zhou, region: 'chizhou' });

    const raised = event('alert.raised.v1', {
      alertId: 'al-1',
      region: 'chizhou',
      person,
      recipients: [li, wang, zhao, zhou],
    });
    await alertRaised(raised, deps);
    for (const chat of [chats.li, chats.wang, chats.zhou]) {
      const message = await chat.expect('张阿姨（示范社区甲3组）按了爱心门铃，请尽快上门查看');
      expect(JSON.stringify(message)).toContain('doorbell:go:al-1');
    }
    expect(reports.map((r) => [r.recipient.id, r.delivered, r.reason])).toEqual([
      ['nb_li', true, undefined],
      ['nb_wang', true, undefined],
      ['nb_zhao', false, 'no linked chat'],
      ['vc-zhou', true, undefined],
    ]);

    // Kafka delivers the event again: the outcomes are reported again, nobody is alerted twice.
    await alertRaised(raised, deps);
    expect(reports).toHaveLength(8);
    await new Promise((r) => setTimeout(r, 500));
    expect((await chats.li.poll()).filter((m) => m.text.includes('按了爱心门铃'))).toEqual([]);

    await alertAcknowledged(
      event('alert.acknowledged.v1', {
        alertId: 'al-1',
        region: 'chizhou',
        person,
        by: wang,
        recipients: [li, wang, zhao, zhou],
      }),
      deps,
    );
    await chats.li.expect('王叔叔 已前往查看 张阿姨（示范社区甲3组）');
    await chats.zhou.expect('王叔叔 已前往查看');
    await new Promise((r) => setTimeout(r, 500));
    expect((await chats.wang.poll()).map((m) => m.text)).toEqual([]);

    await alertEscalated(
      event('alert.escalated.v1', {
        alertId: 'al-2',
        region: 'chizhou',
        person,
        recipients: [li, wang, zhou],
        coordinators: [zhou],
      }),
      deps,
    );
    await chats.zhou.expect('至今无人响应，已上报乡镇');
    expect((await chats.li.poll()).map((m) => m.text)).toEqual([]);
  });
});
