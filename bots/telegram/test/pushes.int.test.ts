import type { CloudEvent } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import { FieldCipher } from '@carelink/store';
import { testServers, uniqueName } from '@carelink/test-servers';
import IORedis, { type Redis } from 'ioredis';
import { ChatDirectory } from '../src/data-access/chat-directory';
import { pushComplaintOutcome } from '../src/domain/push-progress/push-complaint-outcome';
import { pushProgress } from '../src/domain/push-progress/push-progress';

const pack = PolicyPacks.load().get('chizhou')!;
const caseId = '0190a3f2-0000-7000-8000-000000000001';

function event(type: string, data: Record<string, unknown>, id = uniqueName('evt')): CloudEvent {
  return {
    id,
    type,
    source: '/test',
    specversion: '1.0',
    time: new Date().toISOString(),
    data,
  } as unknown as CloudEvent;
}

describe('pushes to residents (real Redis)', () => {
  let redis: Redis;
  let directory: ChatDirectory;
  let sent: { chatId: number; locale: string; key: string; params: Record<string, unknown> }[];
  let ratings: { chatId: number; complaintId: string }[];
  const deps = () => ({
    pack,
    directory,
    defaultLocale: 'zh',
    send: async (chatId: number, locale: string, key: string, params: Record<string, string | number>) => {
      sent.push({ chatId, locale, key, params });
    },
    askRating: async (chatId: number, _locale: string, complaintId: string) => {
      ratings.push({ chatId, complaintId });
    },
  });

  beforeAll(async () => {
    redis = new IORedis((await testServers()).redisUrl);
  });
  beforeEach(() => {
    directory = new ChatDirectory(
      redis,
      `${uniqueName('tg-push')}:`,
      new FieldCipher('ab'.repeat(32), 'ab'.repeat(32)),
    );
    sent = [];
    ratings = [];
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('tells the chat of a case in its language, and nothing for cases filed elsewhere', async () => {
    const decided = event('eligibility.decided.v1', {
      caseId,
      caseNumber: 'CZ341702-2026-000001',
      items: [{ itemCode: pack.catalogue[0]!.code, approved: false, reason: '不符合条件' }],
    });
    await pushProgress(decided, deps());
    expect(sent).toEqual([]);
    await directory.rememberCase(caseId, 42);
    await directory.setLocale(42, 'en');
    await pushProgress(decided, deps());
    expect(sent).toEqual([
      {
        chatId: 42,
        locale: 'en',
        key: 'push-rejected',
        params: { caseNumber: 'CZ341702-2026-000001', item: pack.catalogue[0]!.name.en, reason: '不符合条件' },
      },
    ]);
  });

  it('tells the registration once, whoever comes first', async () => {
    await directory.rememberCase(caseId, 43);
    expect(await directory.firstTime(`registered:${caseId}`)).toBe(true); // the bot's own answer
    await pushProgress(
      event('request.acknowledged.v1', { caseId, caseNumber: 'CZ341702-2026-000002', outcome: 'registered' }),
      deps(),
    );
    expect(sent).toEqual([]);
  });

  it('tells a resolved complaint’s outcome and asks for a rating; other transitions say nothing', async () => {
    await directory.rememberComplaint('cmp-1', 44);
    const transition = (to: string) =>
      event('complaint.transitioned.v1', {
        complaintId: 'cmp-1',
        complaintNumber: 'TS-2026-0001',
        to,
        reason: '已核实',
        outcome: { upheld: true, summary: '服务机构已道歉并补上门一次' },
      });
    await pushComplaintOutcome(transition('investigating'), deps());
    expect(sent).toEqual([]);
    await pushComplaintOutcome(transition('resolved'), deps());
    expect(sent).toEqual([
      {
        chatId: 44,
        locale: 'zh',
        key: 'complain-resolved',
        params: { complaintNumber: 'TS-2026-0001', outcome: '服务机构已道歉并补上门一次' },
      },
    ]);
    expect(ratings).toEqual([{ chatId: 44, complaintId: 'cmp-1' }]);
  });
});
