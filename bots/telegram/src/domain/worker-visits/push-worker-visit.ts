import type { CloudEvent } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import type { ResidentChats } from '../resident-chats';
import { packOfEvent } from '../push-progress/push-progress';
import { workersToTell, workerVisitNotice, type WORKER_VISIT_EVENTS, type WorkerVisitBrief } from './worker-notice';

export interface WorkerPushDeps {
  /** The packs of the regions the bot serves, the default first. */
  packs: readonly PolicyPack[];
  directory: Pick<ResidentChats, 'toldOf' | 'markTold' | 'locale'>;
  defaultLocale: string;
  /** What to tell a worker of a visit and where (provider-scheduling); undefined: the worker linked no chat. */
  briefFor: (
    visitId: string,
    workerId: string,
    region: string,
  ) => Promise<{ chatId: number; brief: WorkerVisitBrief } | undefined>;
  send: (chatId: number, locale: string, key: string, params: Record<string, string | number>) => Promise<void>;
  now?: () => Date;
}

/**
 * A visit event reaches the chat each worker it concerns linked (服务人员的上门提醒): the reminder the day before,
 * a move (to the new worker, and to the previous one when it went to someone else), a cancellation. A worker who
 * linked no chat gets nothing (the provider's workers page shows them 未绑定); a reminder of a visit already begun
 * is not sent; each worker is told of an event once (a redelivered event is skipped).
 */
export async function pushWorkerVisit(event: CloudEvent, deps: WorkerPushDeps): Promise<void> {
  const type = event.type as (typeof WORKER_VISIT_EVENTS)[number];
  const data = event.data as Record<string, unknown> & { visitId: string; workerId: string };
  const pack = packOfEvent(deps.packs, data);
  if (!pack) return;
  const now = deps.now?.() ?? new Date();
  if (type === 'visit.reminder-due.v1' && new Date(String(data.scheduledFor)) <= now) return;
  const told = workersToTell(type, {
    workerId: data.workerId,
    previousWorkerId: typeof data.previousWorkerId === 'string' ? data.previousWorkerId : undefined,
  });
  for (const { workerId, change } of told) {
    const mark = `worker-visit:${event.id}:${workerId}`;
    if (await deps.directory.toldOf(mark)) continue;
    const answer = await deps.briefFor(data.visitId, workerId, pack.region);
    if (answer) {
      const locale = (await deps.directory.locale(answer.chatId)) ?? deps.defaultLocale;
      const notice = workerVisitNotice(change, answer.brief, pack, locale, {
        previous: typeof data.previousScheduledFor === 'string' ? data.previousScheduledFor : undefined,
        reason: typeof data.reason === 'string' ? data.reason : undefined,
      });
      await deps.send(answer.chatId, locale, notice.key, notice.params);
    }
    await deps.directory.markTold(mark);
  }
}
