import type { CloudEvent } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import { createI18n } from '../src/bot/create-bot';
import type { ChatDirectory } from '../src/data-access/chat-directory';
import { pushWorkerVisit, type WorkerPushDeps } from '../src/domain/worker-visits/push-worker-visit';
import {
  maskedPhone,
  workerDayNotice,
  workersToTell,
  workerVisitNotice,
  type WorkerVisitBrief,
} from '../src/domain/worker-visits/worker-notice';

const chizhou = PolicyPacks.load().get('chizhou')!;
const i18n = createI18n({ locale: async () => undefined } as unknown as ChatDirectory, 'zh');

// 2026-12-02 09:00–10:00 China time.
const brief: WorkerVisitBrief = {
  visitId: 'v-1',
  scheduledFor: '2026-12-02T01:00:00.000Z',
  endsAt: '2026-12-02T02:00:00.000Z',
  place: '池阳街道示范社区',
  recipient: '王**',
  itemCode: 'CZ-QJ-01',
  tasks: ['打扫卧室', '清洗厨具'],
  phoneLast4: '8000',
};

describe('what a worker’s chat is told of a visit (pure)', () => {
  it('the reminder says when, where, who (masked), what and the phone’s last four digits, and nothing more', () => {
    const notice = workerVisitNotice('reminder', brief, chizhou, 'zh');
    const text = i18n.t('zh', notice.key, notice.params);
    expect(text).toContain('12月2日 9:00–10:00');
    expect(text).toContain('池阳街道示范社区');
    expect(text).toContain('王**（电话 ****8000）');
    expect(text).toContain('居家清洁');
    expect(text).toContain('打扫卧室、清洗厨具');
    expect(text).not.toMatch(/\d{5,}/);
  });

  it('without a shared phone it says a dash, never a number', () => {
    const { phoneLast4: _p, ...noPhone } = brief;
    expect(workerVisitNotice('reminder', noPhone, chizhou, 'zh').params.phone).toBe('—');
    expect(maskedPhone('1234')).toBe('****1234');
  });

  it('a move names the earlier time and the reason; a cancellation its reason; in English too', () => {
    const moved = workerVisitNotice('rescheduled', brief, chizhou, 'zh', {
      previous: '2026-12-01T06:30:00.000Z',
      reason: '老人住院',
    });
    expect(i18n.t('zh', moved.key, moved.params)).toMatch(
      /原 12月1日 14:30 改为 12月2日 9:00–10:00[\s\S]*原因：老人住院/,
    );
    const cancelled = workerVisitNotice('cancelled', brief, chizhou, 'en', { reason: 'in hospital' });
    const text = i18n.t('en', cancelled.key, cancelled.params);
    expect(text).toContain('Visit cancelled: 12-2 9:00–10:00');
    expect(text).toContain('Home cleaning');
    expect(text).toContain('Reason: in hospital');
  });

  it('a moved visit is told to its new worker, and to the previous one only when it changed hands', () => {
    expect(workersToTell('visit.rescheduled.v1', { workerId: 'wk-b', previousWorkerId: 'wk-a' })).toEqual([
      { workerId: 'wk-b', change: 'rescheduled' },
      { workerId: 'wk-a', change: 'reassigned' },
    ]);
    expect(workersToTell('visit.rescheduled.v1', { workerId: 'wk-a', previousWorkerId: 'wk-a' })).toEqual([
      { workerId: 'wk-a', change: 'rescheduled' },
    ]);
    expect(workersToTell('visit.cancelled.v1', { workerId: 'wk-a' })).toEqual([
      { workerId: 'wk-a', change: 'cancelled' },
    ]);
  });

  it('the day list has one line per visit, in time order; none says so', () => {
    const later = {
      ...brief,
      visitId: 'v-2',
      scheduledFor: '2026-12-02T06:00:00.000Z',
      endsAt: '2026-12-02T07:00:00.000Z',
      recipient: '李*',
    };
    const notice = workerDayNotice([later, brief], chizhou, 'zh');
    const lines = i18n.t('zh', notice.key, notice.params).split('\n');
    expect(lines[0]).toContain('今日上门 2 次');
    expect(lines[1]).toContain('9:00–10:00 池阳街道示范社区 王** 居家清洁');
    expect(lines[2]).toContain('14:00–15:00');
    expect(workerDayNotice([], chizhou, 'zh').key).toBe('worker-today-none');
  });
});

describe('pushing visit events to workers’ chats', () => {
  const event = (type: string, data: Record<string, unknown>): CloudEvent =>
    ({ id: `evt-${type}-${Math.random()}`, type, data, time: new Date().toISOString() }) as unknown as CloudEvent;
  const setup = (linked: Record<string, number>) => {
    const told = new Set<string>();
    const sent: { chatId: number; key: string }[] = [];
    const deps: WorkerPushDeps = {
      packs: [chizhou],
      directory: {
        toldOf: async (id) => told.has(id),
        markTold: async (id) => void told.add(id),
        locale: async () => undefined,
      },
      defaultLocale: 'zh',
      briefFor: async (_visitId, workerId) => (linked[workerId] ? { chatId: linked[workerId], brief } : undefined),
      send: async (chatId, _l, key) => void sent.push({ chatId, key }),
      now: () => new Date('2026-12-01T01:00:00.000Z'),
    };
    return { deps, sent };
  };
  const facts = { visitId: 'v-1', region: 'chizhou', workerId: 'wk-a', scheduledFor: brief.scheduledFor };

  it('a linked worker is reminded once (redelivery says nothing more); an unlinked one gets nothing', async () => {
    const { deps, sent } = setup({ 'wk-a': 501 });
    const due = event('visit.reminder-due.v1', facts);
    await pushWorkerVisit(due, deps);
    await pushWorkerVisit(due, deps);
    await pushWorkerVisit(event('visit.reminder-due.v1', { ...facts, workerId: 'wk-unlinked' }), deps);
    expect(sent).toEqual([{ chatId: 501, key: 'worker-visit-reminder' }]);
  });

  it('a reminder of a visit already begun, or of a region the bot does not serve, is not sent', async () => {
    const { deps, sent } = setup({ 'wk-a': 501 });
    await pushWorkerVisit(event('visit.reminder-due.v1', { ...facts, scheduledFor: '2026-12-01T00:00:00.000Z' }), deps);
    await pushWorkerVisit(event('visit.reminder-due.v1', { ...facts, region: 'elsewhere' }), deps);
    expect(sent).toEqual([]);
  });

  it('a visit moved to another worker tells both', async () => {
    const { deps, sent } = setup({ 'wk-a': 501, 'wk-b': 502 });
    await pushWorkerVisit(
      event('visit.rescheduled.v1', { ...facts, workerId: 'wk-b', previousWorkerId: 'wk-a', reason: '调班' }),
      deps,
    );
    expect(sent).toEqual([
      { chatId: 502, key: 'worker-visit-rescheduled' },
      { chatId: 501, key: 'worker-visit-reassigned' },
    ]);
  });
});
