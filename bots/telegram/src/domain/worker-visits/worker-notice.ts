import type { PolicyPack } from '@carelink/policy';
import { itemName, type Notice } from '../progress-notice';
import { clockTime } from '../visit-confirmation/visit-confirmation';
import { spokenDay } from '../visit-confirmation/visit-step-notices';

/**
 * One visit as provider-scheduling briefs its worker (GET /visits/:visitId/worker-brief): when, where (village or
 * township), who (masked: 王**), the tasks, and the last four digits of the recipient's phone when shared.
 */
export interface WorkerVisitBrief {
  visitId: string;
  scheduledFor: string;
  endsAt: string;
  place: string;
  recipient: string;
  itemCode: string;
  tasks: string[];
  phoneLast4?: string;
}

/** What a worker's chat is told of a visit: due tomorrow (or today), moved, cancelled, or given to another worker. */
export type WorkerVisitChange = 'reminder' | 'rescheduled' | 'cancelled' | 'reassigned';

/** The visits steps a worker's chat hears of, as provider-scheduling publishes them. */
export const WORKER_VISIT_EVENTS = ['visit.reminder-due.v1', 'visit.rescheduled.v1', 'visit.cancelled.v1'] as const;

/** The phone as a worker's chat shows it: only the last four digits (****8000); none shared: a dash. */
export function maskedPhone(last4: string | undefined): string {
  return last4 ? `****${last4}` : '—';
}

/** The facts of a visit as the worker's message says them (its date, times, place, person, item, tasks, phone). */
function visitParams(brief: WorkerVisitBrief, pack: PolicyPack, locale: string): Record<string, string> {
  return {
    date: spokenDay(brief.scheduledFor, locale),
    from: clockTime(brief.scheduledFor),
    to: clockTime(brief.endsAt),
    place: brief.place,
    recipient: brief.recipient,
    item: itemName(pack, brief.itemCode, locale),
    tasks: brief.tasks.length ? brief.tasks.join(locale === 'zh' ? '、' : ', ') : '—',
    phone: maskedPhone(brief.phoneLast4),
  };
}

/**
 * The message a worker's chat gets of a change to one of their visits. Pure: the brief (already masked by
 * provider-scheduling), the region's pack and the language in; `previous` is the earlier start of a moved visit,
 * `reason` why it moved or was cancelled.
 */
export function workerVisitNotice(
  change: WorkerVisitChange,
  brief: WorkerVisitBrief,
  pack: PolicyPack,
  locale: string,
  extra: { previous?: string; reason?: string } = {},
): Notice {
  const params = visitParams(brief, pack, locale);
  switch (change) {
    case 'reminder':
      return { key: 'worker-visit-reminder', params };
    case 'rescheduled':
      return {
        key: 'worker-visit-rescheduled',
        params: {
          ...params,
          previous: extra.previous ? `${spokenDay(extra.previous, locale)} ${clockTime(extra.previous)}` : '—',
          reason: extra.reason ?? '—',
        },
      };
    case 'cancelled':
      return { key: 'worker-visit-cancelled', params: { ...params, reason: extra.reason ?? '—' } };
    case 'reassigned':
      return { key: 'worker-visit-reassigned', params: { ...params, reason: extra.reason ?? '—' } };
  }
}

/** A worker's visits of today as one message: each on its line (time, place, person, item); none: so said. */
export function workerDayNotice(visits: WorkerVisitBrief[], pack: PolicyPack, locale: string): Notice {
  if (visits.length === 0) return { key: 'worker-today-none', params: {} };
  const lines = [...visits]
    .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor))
    .map((v) => {
      const p = visitParams(v, pack, locale);
      return `${p.from}–${p.to} ${p.place} ${p.recipient} ${p.item}（${p.tasks}）`;
    });
  return { key: 'worker-today', params: { count: String(visits.length), visits: lines.join('\n') } };
}

/**
 * Who a visit event concerns among workers, and how: the worker of a due or cancelled visit; of a moved visit,
 * its (new) worker, and the previous worker when the visit went to someone else.
 */
export function workersToTell(
  type: (typeof WORKER_VISIT_EVENTS)[number],
  data: { workerId: string; previousWorkerId?: string },
): { workerId: string; change: WorkerVisitChange }[] {
  switch (type) {
    case 'visit.reminder-due.v1':
      return [{ workerId: data.workerId, change: 'reminder' }];
    case 'visit.cancelled.v1':
      return [{ workerId: data.workerId, change: 'cancelled' }];
    case 'visit.rescheduled.v1':
      return [
        { workerId: data.workerId, change: 'rescheduled' },
        ...(data.previousWorkerId && data.previousWorkerId !== data.workerId
          ? [{ workerId: data.previousWorkerId, change: 'reassigned' as const }]
          : []),
      ];
  }
}
