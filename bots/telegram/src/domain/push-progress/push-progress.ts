import type { CloudEvent } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import type { ResidentChats } from '../resident-chats';
import { progressNotices } from '../progress-notice';

export interface PushDeps {
  pack: PolicyPack;
  directory: Pick<ResidentChats, 'chatOfCase' | 'toldOf' | 'firstTime' | 'locale' | 'markTold'>;
  defaultLocale: string;
  /** Sends a message to a chat (the Bot API, with the main menu). */
  send: (chatId: number, locale: string, key: string, params: Record<string, string | number>) => Promise<void>;
}

/**
 * An event of a case filed through the bot becomes a message to its resident, in their language. Cases
 * filed elsewhere have no chat and are skipped without touching the database. A redelivered event is
 * skipped by its id, kept in Redis once the message went out (a crash between sending and that mark can
 * repeat a message: at least once). The registration is told once, whether the bot's own answer or the
 * acknowledgement comes first.
 */
export async function pushProgress(event: CloudEvent, deps: PushDeps): Promise<void> {
  const data = event.data as Record<string, unknown>;
  const caseId = String(data.caseId ?? '');
  const chatId = await deps.directory.chatOfCase(caseId);
  if (chatId === undefined) return;
  if (await deps.directory.toldOf(event.id)) return;
  if (event.type === 'request.acknowledged.v1' && !(await deps.directory.firstTime(`registered:${caseId}`))) return;
  const locale = (await deps.directory.locale(chatId)) ?? deps.defaultLocale;
  for (const notice of progressNotices(event.type, data, deps.pack, locale))
    await deps.send(chatId, locale, notice.key, notice.params);
  await deps.directory.markTold(event.id);
}
