import type { CloudEvent } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import { createI18n } from '../src/bot/create-bot';
import type { ChatDirectory } from '../src/data-access/chat-directory';
import { pushVisitStep, settledToldMark, type VisitPushDeps } from '../src/domain/visit-confirmation/push-visit-step';
import {
  awaitingOfChat,
  clockTime,
  dayFromNow,
  readConfirmationCode,
  type AwaitingVisit,
} from '../src/domain/visit-confirmation/visit-confirmation';
import { codeOutcomeNotice, visitStepNotice } from '../src/domain/visit-confirmation/visit-step-notices';
import { progressNotices } from '../src/domain/progress-notice';

const chizhou = PolicyPacks.load().get('chizhou')!;
const changji = PolicyPacks.load().get('changji')!;
const i18n = createI18n({} as ChatDirectory, 'zh');
const say = (locale: string, n: { key: string; params: Record<string, string | number> }) =>
  i18n.t(locale, n.key, n.params);
/** 2026-11-25 16:00 in China. */
const now = new Date('2026-11-25T08:00:00Z');
const visit = {
  visitId: 'v-1',
  referralId: 'r-1',
  caseId: 'c-1',
  region: 'chizhou',
  township: '341702001',
  providerId: 'demo-cz-sunshine',
  workerId: 'w-1',
  itemCode: 'CZ-SH-01',
  // 2026-11-26 9:00–10:00 China time.
  scheduledFor: '2026-11-26T01:00:00.000Z',
};

describe('reading what a resident types and when a visit is', () => {
  it('takes six digits, also spaced or full-width, and nothing else', () => {
    expect(readConfirmationCode('482913')).toBe('482913');
    expect(readConfirmationCode(' 482 913 ')).toBe('482913');
    expect(readConfirmationCode('４８２９１３')).toBe('482913');
    expect(readConfirmationCode('48291')).toBeUndefined();
    expect(readConfirmationCode('4829134')).toBeUndefined();
    expect(readConfirmationCode('确认码482913')).toBeUndefined();
  });
  it('says times as a clock in China does, and the day from today', () => {
    expect(clockTime('2026-11-26T01:02:00.000Z')).toBe('9:02');
    expect(clockTime('2026-11-25T16:30:00.000Z')).toBe('0:30');
    expect(dayFromNow('2026-11-26T01:00:00.000Z', now)).toBe('tomorrow');
    expect(dayFromNow('2026-11-25T15:00:00.000Z', now)).toBe('today');
    // 2026-11-26 00:30 China time is tomorrow already.
    expect(dayFromNow('2026-11-25T16:30:00.000Z', now)).toBe('tomorrow');
    expect(dayFromNow('2026-11-27T01:00:00.000Z', now)).toBe('other');
  });
});

describe('what a resident is told at each step of a visit', () => {
  it('the day before: when, what and who provides it, short', () => {
    const notice = visitStepNotice(
      'visit.reminder-due.v1',
      { ...visit, endsAt: '2026-11-26T02:00:00.000Z' },
      chizhou,
      'zh',
      now,
      { provider: '阳光助老服务社' },
    );
    expect(say('zh', notice)).toBe('明天 9:00–10:00 有上门服务：助餐送餐（阳光助老服务社）');
    const unnamed = visitStepNotice(
      'visit.reminder-due.v1',
      { ...visit, scheduledFor: '2026-11-28T01:00:00.000Z', endsAt: '2026-11-28T02:00:00.000Z' },
      chizhou,
      'zh',
      now,
    );
    expect(say('zh', unnamed)).toBe('11月28日 9:00–10:00 有上门服务：助餐送餐');
    expect(say('en', { ...notice, params: { ...notice.params, item: 'Meal help and delivery' } })).toBe(
      'Tomorrow 9:00–10:00: home visit for Meal help and delivery (阳光助老服务社)',
    );
  });

  it('the worker’s arrival, by the name residents know (never more), else "the worker"', () => {
    const data = { ...visit, checkedInAt: '2026-11-26T01:02:00.000Z', farFromHome: false };
    expect(say('zh', visitStepNotice('visit.checked-in.v1', data, chizhou, 'zh', now, { worker: '张师傅' }))).toBe(
      '张师傅 9:02 已到达，开始为您服务（助餐送餐）。',
    );
    expect(say('zh', visitStepNotice('visit.checked-in.v1', data, chizhou, 'zh', now))).toBe(
      '服务人员 9:02 已到达，开始为您服务（助餐送餐）。',
    );
  });

  it('the end: asks to confirm with the code or to dispute, by when, with the visit’s buttons', () => {
    const notice = visitStepNotice(
      'visit.checked-out.v1',
      { ...visit, confirmBy: '2026-11-27T10:00:00.000Z' },
      chizhou,
      'zh',
      now,
    );
    expect(notice.askToConfirm).toBe('v-1');
    expect(say('zh', notice)).toContain('请输入服务人员告诉您的6位确认码');
    expect(say('zh', notice)).toContain('11月27日 18:00 前确认');
  });

  it('a confirmation or dispute acknowledged, saying so when it came by the hotline', () => {
    const verified = (via: string) =>
      say('zh', visitStepNotice('visit.verified.v1', { ...visit, confirmedVia: via }, chizhou, 'zh', now));
    expect(verified('telegram')).toBe('“助餐送餐”（11月26日）已确认，谢谢您！');
    expect(verified('ivr')).toBe('“助餐送餐”（11月26日）已确认（通过热线电话），谢谢您！');
    const disputed = visitStepNotice('visit.disputed.v1', { ...visit, disputedVia: 'ivr' }, changji, 'ug', now);
    expect(say('ug', disputed)).toContain('قىزىق لىنىيە');
  });

  it('a wrong code says how many tries are left', () => {
    expect(say('zh', codeOutcomeNotice({ kind: 'wrong_code', attemptsLeft: 2 }))).toContain('还可以输入 2 次');
    expect(say('zh', codeOutcomeNotice({ kind: 'wrong_code_limit' }))).toContain('未确认');
  });

  it('a delivery settled unconfirmed is told; a verified or disputed one was told as it happened', () => {
    const delivered = (verification: string) =>
      progressNotices(
        'visit.delivered.v2',
        {
          ...visit,
          deliveredAt: '2026-11-26T02:00:00.000Z',
          units: 1,
          tasksDone: [],
          farFromHome: false,
          verification,
        },
        chizhou,
        'zh',
      );
    expect(delivered('verified')).toEqual([]);
    expect(delivered('disputed')).toEqual([]);
    expect(delivered('unverified').map((n) => n.key)).toEqual(['push-visit-unconfirmed']);
  });
});

describe('pushing the steps of a visit', () => {
  const chats = new Map([['c-1', 7]]);
  let told: Set<string>;
  let marks: Set<string>;
  let sent: { chatId: number; key: string; visitId?: string }[];
  const deps = (at = now): VisitPushDeps => ({
    packs: [chizhou, changji],
    directory: {
      chatOfCase: async (caseId) => chats.get(caseId),
      toldOf: async (id) => told.has(id),
      markTold: async (id) => void told.add(id),
      locale: async () => undefined,
      firstTime: async (what) => !marks.has(what) && Boolean(marks.add(what)),
    },
    defaultLocale: 'zh',
    send: async (chatId, _l, key) => void sent.push({ chatId, key }),
    askToConfirm: async (chatId, _l, key, _p, visitId) => void sent.push({ chatId, key, visitId }),
    providerName: async () => '阳光助老服务社',
    now: () => at,
  });
  const event = (type: string, data: Record<string, unknown>, id = `e-${type}`) =>
    ({ id, type, source: '/test', specversion: '1.0', data }) as unknown as CloudEvent;
  beforeEach(() => {
    told = new Set();
    marks = new Set();
    sent = [];
  });

  it('tells a case filed through the bot once per event, and nothing of other cases', async () => {
    const reminder = event('visit.reminder-due.v1', { ...visit, endsAt: '2026-11-26T02:00:00.000Z' });
    await pushVisitStep(reminder, deps());
    await pushVisitStep(reminder, deps());
    await pushVisitStep(event('visit.reminder-due.v1', { ...visit, caseId: 'c-other' }, 'e-2'), deps());
    expect(sent).toEqual([{ chatId: 7, key: 'visit-reminder-tomorrow' }]);
  });

  it('asks to confirm with the buttons, but not once the time to confirm has passed', async () => {
    const out = { ...visit, confirmBy: '2026-11-27T10:00:00.000Z' };
    await pushVisitStep(event('visit.checked-out.v1', out), deps());
    await pushVisitStep(event('visit.checked-out.v1', out, 'e-late'), deps(new Date('2026-11-27T10:00:01Z')));
    expect(sent).toEqual([{ chatId: 7, key: 'visit-checked-out', visitId: 'v-1' }]);
  });

  it('does not repeat an outcome the confirming conversation already told', async () => {
    marks.add(settledToldMark('v-1'));
    await pushVisitStep(event('visit.verified.v1', { ...visit, confirmedVia: 'telegram' }), deps());
    expect(sent).toEqual([]);
    await pushVisitStep(event('visit.disputed.v1', { ...visit, visitId: 'v-2', disputedVia: 'ivr' }), deps());
    expect(sent).toEqual([{ chatId: 7, key: 'visit-disputed-ivr' }]);
  });
});

describe('the visits a chat may confirm', () => {
  const awaiting = (visitId: string, checkedOutAt: string): AwaitingVisit => ({
    visitId,
    itemCode: 'CZ-SH-01',
    workerDisplayName: '张师傅',
    scheduledFor: checkedOutAt,
    checkedInAt: checkedOutAt,
    checkedOutAt,
    confirmBy: checkedOutAt,
    attemptsLeft: 3,
  });
  it('are those of its own cases, oldest first; a case that cannot be read leaves the others', async () => {
    const asked: string[] = [];
    const found = await awaitingOfChat(['c-new', 'c-down', 'c-old'], 'chizhou', {
      awaiting: async (caseId, region) => {
        asked.push(`${region}:${caseId}`);
        if (caseId === 'c-down') throw new Error('unreachable');
        return caseId === 'c-new'
          ? [awaiting('v-3', '2026-11-26T03:00:00Z')]
          : [awaiting('v-1', '2026-11-24T03:00:00Z')];
      },
    });
    expect(found.map((f) => [f.caseId, f.visit.visitId])).toEqual([
      ['c-old', 'v-1'],
      ['c-new', 'v-3'],
    ]);
    expect(asked).toEqual(['chizhou:c-new', 'chizhou:c-down', 'chizhou:c-old']);
  });
});
