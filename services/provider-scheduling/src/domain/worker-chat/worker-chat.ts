import type { StaffPrincipal } from '@carelink/auth';
import { DomainError, maskName, type Decision, type UseCaseContext } from '@carelink/contracts';
import { placeOf, type PolicyPack } from '@carelink/policy';
import { endOf, type AssignmentState, type VisitState } from '../assignment';
import { issuedLinkCode, linkCodeAccepted } from '../chat-link/link-code';
import { WORKER, type WorkerState } from '../worker';

/**
 * A worker's own chat with the bot (服务人员接收上门提醒): provider staff issue a one-time code for one of their
 * workers, the worker sends it to the bot (`/worker wk-…`), and the chat is linked to the worker: reminders of
 * their visits, and word of a visit moved or cancelled, go there. One chat per worker: a new link replaces the
 * old, and the provider can unlink. The chat id is kept with the worker and never answered to staff.
 */
export interface WorkerChat {
  chatId: number;
  linkedAt: string;
}

/** How staff see a worker's chat link: whether reminders reach them (未绑定 / 已绑定) and a code waiting. */
export interface WorkerChatView {
  chatLinked: boolean;
  chatLinkedAt?: string;
  linkCodeExpiresAt?: string;
}

/** A worker as answered to staff: the link code's index and the chat id never leave the service. */
export function workerView(worker: WorkerState): Omit<WorkerState, 'chat' | 'linkCode'> & WorkerChatView {
  const { chat, linkCode, ...rest } = worker;
  return {
    ...rest,
    chatLinked: chat !== undefined,
    ...(chat ? { chatLinkedAt: chat.linkedAt } : {}),
    ...(linkCode ? { linkCodeExpiresAt: linkCode.expiresAt } : {}),
  };
}

function ownWorker(current: WorkerState | undefined, principal: StaffPrincipal): WorkerState {
  if (!current || current.providerId !== principal.providerId) throw DomainError.notFound(...WORKER);
  return current;
}

/** Keeps the index of a new one-time code for the worker's chat (the code itself is answered once, never kept). */
export function decideIssueWorkerLinkCode(
  current: WorkerState | undefined,
  { principal, codeIndex }: { principal: StaffPrincipal; codeIndex: string },
  ctx: UseCaseContext,
): Decision<WorkerState, { expiresAt: string }> {
  const worker = ownWorker(current, principal);
  const linkCode = issuedLinkCode(codeIndex, ctx.now);
  return { state: { ...worker, linkCode }, result: { expiresAt: linkCode.expiresAt } };
}

/** The code was sent from a chat before it expired: that chat is now the worker's (replacing an earlier one). */
export function decideLinkWorkerChat(
  current: WorkerState | undefined,
  { codeIndex, chatId }: { codeIndex: string; chatId: number },
  ctx: UseCaseContext,
): Decision<WorkerState, { workerId: string; name: string; region: string }> {
  if (!current || !linkCodeAccepted(current.linkCode, codeIndex, ctx.now))
    throw DomainError.invalid(
      'link_code_invalid',
      'the chat link code is unknown, used or expired',
      '绑定码无效、已使用或已过期，请向服务机构重新获取',
    );
  const { linkCode: _spent, ...rest } = current;
  return {
    state: { ...rest, chat: { chatId, linkedAt: ctx.now.toISOString() } },
    result: { workerId: current.workerId, name: current.name, region: current.region },
  };
}

/** The provider unlinks the worker's chat: nothing more is sent there (a pending code is dropped too). */
export function decideUnlinkWorkerChat(
  current: WorkerState | undefined,
  { principal }: { principal: StaffPrincipal },
): Decision<WorkerState, WorkerState> {
  const worker = ownWorker(current, principal);
  const { chat: _c, linkCode: _l, ...rest } = worker;
  return { state: rest, result: rest };
}

/** What a worker's chat is told of a visit: the reminder before it, or that it moved or was cancelled. */
export type WorkerVisitChange = 'reminder' | 'rescheduled' | 'cancelled' | 'reassigned';

/**
 * One visit as its worker needs it, and nothing more: when (start, end), where (village or township name), who
 * (masked name, 王**), what to do (the plan's tasks), and the last four digits of the recipient's phone when the
 * recipient consented to share it. Never the full name, the phone or any ID number.
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
  status: VisitState['status'];
}

/** A name as a worker's chat shows it: the surname, the rest starred (王秀英 → 王**). */
export function maskedForWorker(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return maskName(name);
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** The last four digits of a phone (none when it has fewer). */
export function phoneLast4(phone: string | undefined): string | undefined {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : undefined;
}

/** The brief of a visit for its worker: pure, from the visit, its assignment, the region's pack and the contact. */
export function workerVisitBrief(
  visit: VisitState,
  assignment: Pick<AssignmentState, 'person'>,
  pack: PolicyPack,
  contact: { village?: string; phone?: string } = {},
): WorkerVisitBrief {
  const place = placeOf(pack, visit.township, contact.village) ?? placeOf(pack, visit.township);
  const last4 = phoneLast4(contact.phone);
  return {
    visitId: visit.visitId,
    scheduledFor: visit.scheduledFor,
    endsAt: endOf(visit),
    place: place ? `${place.township.name}${place.village ? place.village.name : ''}` : visit.township,
    recipient: maskedForWorker(assignment.person.name),
    itemCode: visit.itemCode,
    tasks: visit.tasks ?? [],
    ...(last4 ? { phoneLast4: last4 } : {}),
    status: visit.status,
  };
}
