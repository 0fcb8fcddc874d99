import type { CloudEvent } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import type { ResidentChats } from '../resident-chats';
import { departmentName, progressNotices, receiverOf, type Receiver } from '../progress-notice';

export interface PushDeps {
  /** The packs of the regions the bot serves, the default first: an event is told with its region's. */
  packs: readonly PolicyPack[];
  directory: Pick<ResidentChats, 'chatOfCase' | 'toldOf' | 'firstTime' | 'locale' | 'markTold'>;
  defaultLocale: string;
  /** Sends a message to a chat (the Bot API, with the main menu). */
  send: (chatId: number, locale: string, key: string, params: Record<string, string | number>) => Promise<void>;
  /** The name of a referral's receiver in the resident's language, in the referral's region; undefined when it cannot be found. */
  receiverName: (receiver: Receiver, pack: PolicyPack, locale: string) => Promise<string | undefined>;
}

/**
 * Names receivers as residents read them: a department by its region's pack (in their language where the pack
 * has it), a provider by the name on its contracts in that region (the referral service's `GET /providers`,
 * asked with the bot's token of that region).
 */
export function receiverNames(
  providerName: (providerId: string, region: string) => Promise<string | undefined>,
): PushDeps['receiverName'] {
  return async (receiver, pack, locale) =>
    receiver.kind === 'department'
      ? departmentName(pack, receiver.departmentCode, locale)
      : providerName(receiver.providerId, pack.region);
}

/**
 * The pack an event is told with: its region's (every event the bot tells names its case's region, but
 * request.acknowledged.v1, whose message names no item, department or provider: the default region's).
 * Undefined for a region the bot does not serve: it cannot name that region's items and departments.
 */
export function packOfEvent(packs: readonly PolicyPack[], data: Record<string, unknown>): PolicyPack | undefined {
  if (typeof data.region !== 'string') return packs[0];
  return packs.find((p) => p.region === data.region);
}

/**
 * An event of a case filed through the bot becomes a message to its resident, in their language, with the
 * items, department or provider named as the case's region names them. Cases filed elsewhere have no chat and
 * are skipped without touching the database, as are events of a region the bot no longer serves. A redelivered
 * event is skipped by its id, kept in Redis once the message went out (a crash between sending and that mark can
 * repeat a message: at least once). The registration is told once, whether the bot's own answer or the
 * acknowledgement comes first.
 */
export async function pushProgress(event: CloudEvent, deps: PushDeps): Promise<void> {
  const data = event.data as Record<string, unknown>;
  const caseId = String(data.caseId ?? '');
  const chatId = await deps.directory.chatOfCase(caseId);
  if (chatId === undefined) return;
  const pack = packOfEvent(deps.packs, data);
  if (!pack) return;
  if (await deps.directory.toldOf(event.id)) return;
  if (event.type === 'request.acknowledged.v1' && !(await deps.directory.firstTime(`registered:${caseId}`))) return;
  const locale = (await deps.directory.locale(chatId)) ?? deps.defaultLocale;
  const receiver = receiverOf(event.type, data);
  const name = receiver ? await deps.receiverName(receiver, pack, locale) : undefined;
  for (const notice of progressNotices(event.type, data, pack, locale, name))
    await deps.send(chatId, locale, notice.key, notice.params);
  await deps.directory.markTold(event.id);
}
