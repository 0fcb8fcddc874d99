import type { StaffPrincipal } from '@carelink/auth';
import { assertCovers } from '@carelink/auth';
import { DomainError, type Commits } from '@carelink/contracts';
import type { ServiceApp } from '@carelink/http';
import { chinaDate, type PolicyPacks } from '@carelink/policy';
import { z } from 'zod';
import type { CalendarRepository } from '../../data-access/calendar-repository';
import type { VisitRepository } from '../../data-access/visit-repository';
import type { WorkerRepository, WorkerWrite } from '../../data-access/worker-repository';
import { VISIT, type AssignmentLookup, type VisitState } from '../../domain/assignment';
import { viewerOf } from '../../domain/visibility';
import { calendarIdOf } from '../../domain/worker-calendar/worker-calendar';
import type { WorkerState } from '../../domain/worker';
import {
  decideIssueWorkerLinkCode,
  decideLinkWorkerChat,
  decideUnlinkWorkerChat,
  workerView,
  workerVisitBrief,
} from '../../domain/worker-chat/worker-chat';
import { chatLinkCode } from './chat-link-code';

/** What the worker-chat routes use: workers, visits, their assignments, the code index and the packs. */
export interface WorkerChatRoutesDeps {
  workers: Pick<WorkerRepository, 'workerOf' | 'withLinkCode' | 'linkedTo'> & { commits: Commits<WorkerWrite> };
  visits: Pick<VisitRepository, 'visitOf'>;
  /** Workers' days: a day's bookings name its visits. */
  calendars: Pick<CalendarRepository, 'bookingsOf'>;
  assignments: AssignmentLookup;
  /** The keyed index a one-time chat link code is kept and found by (the code itself is never stored). */
  codeIndex: (code: string) => string;
  policies: Pick<PolicyPacks, 'get'>;
  now?: () => Date;
}

const linkBody = z.object({
  code: z.string().regex(/^wk-[A-Z0-9]{8}$/, 'a worker chat link code, e.g. wk-7KQ2M9XD'),
  chatId: z.number().int().describe('the Telegram chat that sent the code'),
});
const briefQuery = z.object({
  workerId: z.string().min(1).max(100).describe('the worker to tell (default: the visit’s)'),
});

/** 404 worker_not_linked: the worker has no chat with the bot (未绑定), so nothing is sent. */
const notLinked = () =>
  new DomainError('not_found', 'worker_not_linked', 'the worker has linked no chat', {
    messageZh: '该服务人员未绑定聊天，收不到上门提醒',
  });

function assertTelegramAdapter(principal: StaffPrincipal): void {
  if (principal.channel !== 'chatbot')
    throw DomainError.forbidden('channel_mismatch', 'only the chat bot links workers’ chats', '渠道与身份不符');
}

function providerStaff(principal: StaffPrincipal): StaffPrincipal {
  if (viewerOf(principal).kind !== 'provider')
    throw DomainError.forbidden('role_not_allowed', 'provider staff only', '仅服务机构可操作');
  return principal;
}

/**
 * Workers' own chats with the bot (服务人员接收上门提醒): provider staff issue a one-time code for a worker and may
 * unlink; the bot redeems the code a chat sent, asks what to tell a worker of a visit (a brief without personal
 * data beyond a masked name and the phone's last four digits), and lists a linked worker's visits of today.
 */
export function workerChatRoutes(app: ServiceApp, deps: WorkerChatRoutesDeps): void {
  const { workers, visits, calendars, assignments, codeIndex, policies } = deps;
  const now = () => deps.now?.() ?? new Date();
  const briefOf = async (visit: VisitState) => {
    const assignment = await assignments.assignmentOf(visit.referralId);
    const pack = policies.get(visit.region);
    if (!assignment || !pack) throw DomainError.notFound(...VISIT);
    return workerVisitBrief(visit, assignment, pack);
  };

  app.route({
    method: 'post',
    path: '/workers/:workerId/chat-link-code',
    summary:
      'A one-time code (72 hours) the worker sends the chat bot (`/worker wk-…`) to receive reminders of their visits there; shown once, a new one replaces it',
    roles: ['provider_staff'],
    responses: { 201: 'the code, the command to send and when it expires' },
    handle: async ({ req, principal }) => {
      const code = chatLinkCode('wk');
      const { expiresAt } = await workers.commits.commit(String(req.params.workerId), (current, ctx) =>
        decideIssueWorkerLinkCode(current, { principal: providerStaff(principal), codeIndex: codeIndex(code) }, ctx),
      );
      return { code, command: `/worker ${code}`, expiresAt };
    },
  });

  app.route({
    method: 'delete',
    path: '/workers/:workerId/chat-link',
    summary: 'Unlink the worker’s chat: reminders stop (the worker shows 未绑定)',
    roles: ['provider_staff'],
    responses: { 200: 'the worker, unlinked' },
    handle: async ({ req, principal }) =>
      workerView(
        await workers.commits.commit(String(req.params.workerId), (current) =>
          decideUnlinkWorkerChat(current, { principal: providerStaff(principal) }),
        ),
      ),
  });

  app.route({
    method: 'post',
    path: '/worker-chat-links',
    summary:
      'The chat bot redeems a worker’s link code a chat sent: the chat becomes the worker’s (replacing an earlier one); 400 link_code_invalid when unknown, used or expired',
    roles: ['channel_adapter'],
    body: linkBody,
    responses: { 201: 'the linked worker: id, name, region' },
    handle: async ({ body, principal }) => {
      assertTelegramAdapter(principal);
      const index = codeIndex(body.code);
      const workerId = await workers.withLinkCode(index);
      if (!workerId)
        throw DomainError.invalid(
          'link_code_invalid',
          'the chat link code is unknown, used or expired',
          '绑定码无效、已使用或已过期，请向服务机构重新获取',
        );
      return workers.commits.commit(workerId, (current, ctx) =>
        decideLinkWorkerChat(current, { codeIndex: index, chatId: body.chatId }, ctx),
      );
    },
  });

  app.route({
    method: 'get',
    path: '/visits/:visitId/worker-brief',
    summary:
      'What the bot tells a worker of a visit (reminder, moved, cancelled): the worker’s linked chat and the visit’s brief (time, place, masked name, tasks); 404 worker_not_linked when the worker has no chat (nothing is sent)',
    roles: ['channel_adapter'],
    query: briefQuery,
    handle: async ({ req, query, principal }) => {
      assertTelegramAdapter(principal);
      const visit = await visits.visitOf(String(req.params.visitId));
      if (!visit) throw DomainError.notFound(...VISIT);
      assertCovers(principal, visit.township, visit.region);
      const worker = await workers.workerOf(query.workerId);
      if (!worker || worker.providerId !== visit.providerId || !worker.chat) throw notLinked();
      return { chatId: worker.chat.chatId, workerName: worker.name, brief: await briefOf(visit) };
    },
  });

  app.route({
    method: 'get',
    path: '/worker-chats/:chatId/today',
    summary:
      'The visits of today (China time) of the worker a chat is linked to (of every worker record it is linked to, when one person works for several providers), in time order, scheduled or under way; 404 worker_not_linked for a chat of no worker',
    roles: ['channel_adapter'],
    handle: async ({ req, principal }) => {
      assertTelegramAdapter(principal);
      const chatId = Number(req.params.chatId);
      const linked: WorkerState[] = Number.isSafeInteger(chatId) ? await workers.linkedTo(chatId) : [];
      if (linked.length === 0) throw notLinked();
      const day = chinaDate(now());
      // Each worker's day: its bookings name the visits (not the provider's whole month of visits).
      const booked = await calendars.bookingsOf(linked.map((w) => calendarIdOf(w.workerId, now())));
      const mine = (await Promise.all([...booked.values()].flat().map((b) => visits.visitOf(b.visitId))))
        .filter(
          (v): v is VisitState =>
            v !== undefined &&
            linked.some((w) => w.workerId === v.workerId) &&
            chinaDate(new Date(v.scheduledFor)) === day &&
            (v.status === 'scheduled' || v.status === 'checked_in'),
        )
        .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
      return {
        day,
        region: linked[0]!.region,
        workerName: [...new Set(linked.map((w) => w.name))].join('、'),
        visits: await Promise.all(mine.map(briefOf)),
      };
    },
  });
}
