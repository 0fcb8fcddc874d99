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
  /**
   * A case this chat may see and speak about: one it filed, or one a verified look-up found of a phone that is
   * that person's alone (see `whoseRequests`). Kept sealed: it names the person.
   */
  linkCase(chatId: number, known: ChatCase): Promise<void>;
  /** The cases linked to this chat, newest first. */
  casesOf(chatId: number): Promise<ChatCase[]>;
  /** A visit provider-scheduling scheduled or recorded for a case filed through the bot (its complaint choices). */
  rememberVisit(visit: CaseVisit): Promise<void>;
  /** The visits of a case, newest first. */
  visitsOf(caseId: string): Promise<CaseVisit[]>;
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

/** A case linked to a chat: what the resident picks a complaint from, and what the operator is told. */
export interface ChatCase {
  caseId: string;
  caseNumber: string;
  /** The applicant's name as filed (shown to residents masked, to the hotline operator in full). */
  name: string;
  /** intake's pseudonym of the applicant, when a look-up said it. */
  personId?: string;
  /** The applicant's township code, when the chat filed it. */
  township?: string;
  itemCodes: string[];
  /** Filed through this chat, or found by a verified look-up of a phone that is the person's alone. */
  linkedBy: 'filed' | 'lookup';
  /** When it was registered (confirmed in the chat, for a case it filed). */
  at: string;
}

/** A visit of a case, as provider-scheduling's events told it. */
export interface CaseVisit {
  visitId: string;
  caseId: string;
  referralId: string;
  providerId: string;
  workerId: string;
  itemCode: string;
  /** When it was scheduled for, or delivered at. */
  at: string;
  delivered: boolean;
}
