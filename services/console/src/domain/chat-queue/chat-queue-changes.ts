/** A chat waiting for a hotline operator, as the chat bot's operator queue lists it. */
export interface WaitingChat {
  chatId: number;
  requestedAt: string;
  locale?: string;
  /** The person's name and case, where the bot knows them. */
  name?: string;
  caseId?: string;
  caseNumber?: string;
  /** The township code of that case, where the bot knows it. */
  township?: string;
}

export type ChatQueueEvent =
  { event: 'chat-waiting'; data: WaitingChat } | { event: 'chat-taken'; data: { chatId: number } };

/**
 * What hotline operators are told when the waiting list changes: each chat that began waiting, and each that
 * stopped waiting (taken by an operator, or closed), in the order of the list.
 */
export function chatQueueChanges(before: readonly WaitingChat[], now: readonly WaitingChat[]): ChatQueueEvent[] {
  const was = new Set(before.map((c) => c.chatId));
  const is = new Set(now.map((c) => c.chatId));
  return [
    ...before
      .filter((c) => !is.has(c.chatId))
      .map((c) => ({ event: 'chat-taken' as const, data: { chatId: c.chatId } })),
    ...now.filter((c) => !was.has(c.chatId)).map((c) => ({ event: 'chat-waiting' as const, data: c })),
  ];
}
