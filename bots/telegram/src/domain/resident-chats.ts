/**
 * What the bot remembers of its residents' chats: the chat of each case and complaint filed through it,
 * each chat's language and phone, and what a resident was already told. Kept in Redis by the data-access
 * `ChatDirectory`.
 */
export interface ResidentChats {
  rememberCase(caseId: string, chatId: number): Promise<void>;
  chatOfCase(caseId: string): Promise<number | undefined>;
  rememberComplaint(complaintId: string, chatId: number): Promise<void>;
  chatOfComplaint(complaintId: string): Promise<number | undefined>;
  locale(chatId: number): Promise<string | undefined>;
  setPhone(chatId: number, phone: string): Promise<void>;
  phone(chatId: number): Promise<string | undefined>;
  /** True the first time it is called for `what` (e.g. "registered:<caseId>"), false after. */
  firstTime(what: string): Promise<boolean>;
  /** Whether the resident was already told of this event. */
  toldOf(eventId: string): Promise<boolean>;
  markTold(eventId: string): Promise<void>;
}

/** A message for a resident's chat: a key of the .ftl files and its variables. */
export interface Reply {
  chatId: number;
  key: string;
  params: Record<string, string | number>;
  /**
   * Said at most once under this mark (e.g. "registered:<caseId>"): when the resident was already told
   * under it (by the acknowledgement push, by an earlier attempt), it is left out.
   */
  once?: string;
}
