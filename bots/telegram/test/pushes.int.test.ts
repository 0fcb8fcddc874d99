import type { CloudEvent } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import { FieldCipher } from '@carelink/store';
import { testServers, uniqueName } from '@carelink/test-servers';
import IORedis, { type Redis } from 'ioredis';
import { ChatDirectory } from '../src/data-access/chat-directory';
import { OperatorQueue } from '../src/data-access/operator-queue';
import { pushComplaintOutcome } from '../src/domain/push-progress/push-complaint-outcome';
import { pushProgress, receiverNames } from '../src/domain/push-progress/push-progress';
import { rememberVisit } from '../src/domain/push-progress/remember-visit';

const pack = PolicyPacks.load().get('chizhou')!;
const changji = PolicyPacks.load().get('changji')!;
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
  /** The providers' names asked for, with the region asked in. */
  let providersAsked: string[];
  const deps = () => ({
    packs: [pack, changji],
    directory,
    defaultLocale: 'zh',
    send: async (chatId: number, locale: string, key: string, params: Record<string, string | number>) => {
      sent.push({ chatId, locale, key, params });
    },
    askRating: async (chatId: number, _locale: string, complaintId: string) => {
      ratings.push({ chatId, complaintId });
    },
    // Providers as referral's GET /providers names them in each region; another id is not found (referral
    // unreachable).
    receiverName: receiverNames(async (id, region) => {
      providersAsked.push(`${region}:${id}`);
      const names: Record<string, string> = {
        'chizhou:demo-cz-sunshine': '阳光助老服务社',
        'changji:demo-cj-tianshan': '天山社会工作服务中心',
      };
      return names[`${region}:${id}`];
    }),
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
    providersAsked = [];
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

  it('tells each step of a referral a resident cares about, naming the department or provider in their language', async () => {
    await directory.rememberCase(caseId, 45);
    await directory.setLocale(45, 'en');
    const item = pack.catalogue[0]!;
    const transition = (type: string, route: Record<string, string>) =>
      event(type, {
        referralId: 'ref-1',
        caseId,
        region: 'chizhou',
        itemCode: item.code,
        township: '341702001',
        route,
        from: 'requested',
        to: 'received',
        attempt: 1,
        by: 'dept-user',
        at: new Date().toISOString(),
      });
    const health = { kind: 'department', departmentCode: 'health' };
    await pushProgress(
      event('referral.created.v1', { caseId, caseNumber: 'CZ341702-2026-000003', itemCode: item.code, route: health }),
      deps(),
    );
    for (const type of ['referral.received.v1', 'referral.accepted.v1', 'referral.completed.v1'])
      await pushProgress(transition(type, health), deps());
    const sunshine = { kind: 'provider', providerId: 'demo-cz-sunshine', contractId: 'k1' };
    await pushProgress(
      event('referral.created.v1', {
        caseId,
        caseNumber: 'CZ341702-2026-000003',
        itemCode: item.code,
        route: sunshine,
      }),
      deps(),
    );
    await pushProgress(transition('referral.accepted.v1', sunshine), deps());
    // A provider whose name cannot be read is "a provider", never its id.
    await pushProgress(transition('referral.accepted.v1', { kind: 'provider', providerId: 'demo-unknown' }), deps());
    expect(sent.map((s) => [s.key, s.params.receiver])).toEqual([
      ['push-referred-department', 'Health Commission'],
      ['push-received', 'Health Commission'],
      ['push-accepted', 'Health Commission'],
      ['push-completed', 'Health Commission'],
      ['push-referred-provider', '阳光助老服务社'],
      ['push-accepted', '阳光助老服务社'],
      ['push-accepted-unnamed', undefined],
    ]);
    expect(JSON.stringify(sent)).not.toMatch(/demo-unknown|"health"/);
    expect(sent.every((s) => s.params.item === item.name.en)).toBe(true);
  });

  it('names a Changji case’s items, departments and providers as Changji does, in the resident’s Uyghur', async () => {
    await directory.rememberCase(caseId, 47);
    await directory.setLocale(47, 'ug');
    const visiting = changji.catalogue.find((i) => i.code === 'CJ-ZH-01')!;
    const referral = (type: string, route: Record<string, string>) =>
      event(type, {
        referralId: 'ref-cj',
        caseId,
        caseNumber: 'CJ652301-2026-000001',
        region: 'changji',
        itemCode: visiting.code,
        township: '652301001',
        route,
        from: 'requested',
        to: 'accepted',
        attempt: 1,
        by: 'dept-user',
        at: new Date().toISOString(),
      });
    // Justice (司法) is a department of Changji's pack only.
    await pushProgress(referral('referral.created.v1', { kind: 'department', departmentCode: 'justice' }), deps());
    const tianshan = { kind: 'provider', providerId: 'demo-cj-tianshan', contractId: 'k-cj' };
    await pushProgress(referral('referral.accepted.v1', tianshan), deps());
    await pushProgress(
      event('eligibility.decided.v1', {
        caseId,
        caseNumber: 'CJ652301-2026-000001',
        region: 'changji',
        items: [{ itemCode: visiting.code, approved: true, reason: '符合条件' }],
      }),
      deps(),
    );
    expect(sent.map((s) => [s.key, s.params.item, s.params.receiver])).toEqual([
      ['push-referred-department', visiting.name.zh, changji.departmentNames.ug!.justice],
      ['push-accepted', visiting.name.zh, '天山社会工作服务中心'],
      ['push-approved', visiting.name.zh, undefined],
    ]);
    expect(providersAsked).toEqual(['changji:demo-cj-tianshan']);
    // An event of a region the bot does not serve is not told with another region's names.
    await pushProgress(referral('referral.completed.v1', tianshan), { ...deps(), packs: [pack] });
    expect(sent).toHaveLength(3);
  });

  it('keeps the visits of a case filed through the bot (once each, delivered replacing scheduled), not of others', async () => {
    const visit = (type: string, at: Record<string, string>) =>
      event(type, {
        visitId: 'v-1',
        referralId: 'ref-1',
        caseId,
        region: 'chizhou',
        township: '341702001',
        providerId: 'demo-cz-sunshine',
        workerId: 'w-7',
        itemCode: 'CZ-SH-01',
        ...at,
      });
    const scheduled = visit('visit.scheduled.v1', { scheduledFor: '2026-11-26T01:30:00.000Z' });
    await rememberVisit(scheduled, deps());
    expect(await directory.visitsOf(caseId)).toEqual([]);
    await directory.rememberCase(caseId, 46);
    await rememberVisit(scheduled, deps());
    await rememberVisit(scheduled, deps());
    await rememberVisit(visit('visit.delivered.v1', { deliveredAt: '2026-11-26T02:10:00.000Z' }), deps());
    expect(await directory.visitsOf(caseId)).toEqual([
      {
        visitId: 'v-1',
        caseId,
        referralId: 'ref-1',
        providerId: 'demo-cz-sunshine',
        workerId: 'w-7',
        itemCode: 'CZ-SH-01',
        at: '2026-11-26T02:10:00.000Z',
        delivered: true,
      },
    ]);
    // A delivery settled after its confirmation (v2) is kept the same way.
    await rememberVisit(
      event('visit.delivered.v2', {
        ...(visit('visit.delivered.v2', {}).data as Record<string, unknown>),
        visitId: 'v-2',
        deliveredAt: '2026-11-27T02:10:00.000Z',
        units: 1,
        tasksDone: [],
        farFromHome: false,
        verification: 'verified',
        verificationReason: 'code_confirmed',
      }),
      deps(),
    );
    expect((await directory.visitsOf(caseId)).map((v) => [v.visitId, v.at, v.delivered])).toEqual([
      ['v-2', '2026-11-27T02:10:00.000Z', true],
      ['v-1', '2026-11-26T02:10:00.000Z', true],
    ]);
  });

  it('numbers hotline seats in the order operators first take a chat, the same number ever after', async () => {
    const queue = new OperatorQueue(
      redis,
      `${uniqueName('tg-seats')}:`,
      new FieldCipher('ab'.repeat(32), 'ab'.repeat(32)),
    );
    expect(await queue.seat('op-a')).toBe(1);
    expect(await queue.seat('op-b')).toBe(2);
    expect(await queue.seat('op-a')).toBe(1);
    expect(await Promise.all([queue.seat('op-c'), queue.seat('op-c')])).toEqual([3, 3]);
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
