import type { CloudEvent } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import { packOfEvent } from '../push-progress/push-progress';
import type { ResidentChats } from '../resident-chats';
import { visitStepNotice, type VisitNames, type VisitStep } from './visit-step-notices';

export interface VisitPushDeps {
  /** The packs of the regions the bot serves, the default first. */
  packs: readonly PolicyPack[];
  directory: Pick<ResidentChats, 'chatOfCase' | 'toldOf' | 'markTold' | 'locale' | 'firstTime'>;
  defaultLocale: string;
  /** Sends a message with the main menu. */
  send: (chatId: number, locale: string, key: string, params: Record<string, string | number>) => Promise<void>;
  /** Sends a message with the buttons to confirm (type the code) or dispute the visit. */
  askToConfirm: (
    chatId: number,
    locale: string,
    key: string,
    params: Record<string, string | number>,
    visitId: string,
  ) => Promise<void>;
  /** A provider's name in a region (its contracts'); undefined when it cannot be read. */
  providerName: (providerId: string, region: string) => Promise<string | undefined>;
  /** The worker of a visit as residents know them (surname + 师傅); undefined when it cannot be read. */
  workerName?: (visit: { visitId: string; caseId: string; region: string }) => Promise<string | undefined>;
  now?: () => Date;
}

/**
 * Marks that the resident heard how their confirmation of a visit ended: the conversation that took the code (or
 * the dispute) tells it there, and the push of visit.verified / visit.disputed then says nothing more; when the
 * confirmation came from elsewhere (the IVR, a township clerk), the push tells it.
 */
export const settledToldMark = (visitId: string) => `visit-settled:${visitId}`;

/**
 * A step of a visit of a case filed through the bot becomes a message in the resident's language: the reminder the
 * day before, the worker's arrival, the end with the request to confirm or dispute (buttons), and the outcome of
 * the confirmation. Skipped: cases filed elsewhere, regions the bot does not serve, a redelivered event (its id is
 * kept once told), a reminder of a visit already begun and a request to confirm whose time ran out (a late
 * consumer must not ask for what can no longer be done).
 */
export async function pushVisitStep(event: CloudEvent, deps: VisitPushDeps): Promise<void> {
  const type = event.type as VisitStep;
  const data = event.data as Record<string, unknown>;
  const visitId = String(data.visitId);
  const caseId = String(data.caseId ?? '');
  const chatId = await deps.directory.chatOfCase(caseId);
  if (chatId === undefined) return;
  const pack = packOfEvent(deps.packs, data);
  if (!pack) return;
  const now = deps.now?.() ?? new Date();
  if (type === 'visit.reminder-due.v1' && new Date(String(data.scheduledFor)) <= now) return;
  if (type === 'visit.checked-out.v1' && new Date(String(data.confirmBy)) <= now) return;
  if (await deps.directory.toldOf(event.id)) return;
  if (
    (type === 'visit.verified.v1' || type === 'visit.disputed.v1') &&
    !(await deps.directory.firstTime(settledToldMark(visitId)))
  )
    return void (await deps.directory.markTold(event.id));
  const locale = (await deps.directory.locale(chatId)) ?? deps.defaultLocale;
  const names: VisitNames = {};
  if (type === 'visit.reminder-due.v1') names.provider = await deps.providerName(String(data.providerId), pack.region);
  if (type === 'visit.checked-in.v1')
    names.worker =
      typeof data.workerDisplayName === 'string'
        ? data.workerDisplayName
        : await deps.workerName?.({ visitId, caseId, region: pack.region }).catch(() => undefined);
  const notice = visitStepNotice(type, data, pack, locale, now, names);
  if (notice.askToConfirm) await deps.askToConfirm(chatId, locale, notice.key, notice.params, notice.askToConfirm);
  else await deps.send(chatId, locale, notice.key, notice.params);
  await deps.directory.markTold(event.id);
}
