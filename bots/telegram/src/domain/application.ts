/**
 * How the resident gave their phone: shared from their Telegram account (`shared_contact`: Telegram checked the
 * account holds the number) or typed in (`typed`: nobody checked it). Intake holds either unconfirmed on the
 * person's file; the bot looks up progress only by a shared one.
 */
export type PhoneSource = 'shared_contact' | 'typed';

/** What the resident says of the applicant's assistance status: a status named, none, or not sure (不清楚). */
export type DeclaredStatus = 'declared' | 'none' | 'not_sure';

/** The parts of an application a resident can change from the summary, in the summary's order. */
export const APPLICATION_PARTS = [
  'proxy',
  'name',
  'id',
  'phone',
  'place',
  'status',
  'items',
  'description',
  'consent',
] as const;
export type ApplicationPart = (typeof APPLICATION_PARTS)[number];

/** What a resident has answered in the application conversation. */
export interface ApplicationAnswers {
  applicantName: string;
  idNumber: string;
  phone: string;
  /** Absent on applications kept before typed phones were taken: they were shared. */
  phoneSource?: PhoneSource;
  /** Set when a family member or guardian applies for the applicant. */
  proxy?: { name: string; relation: string };
  countyCode: string;
  townshipCode: string;
  villageCode?: string;
  /** The status named, when `declaredStatus` is `declared` (or absent, on applications kept before). */
  group?: string;
  declaredStatus?: DeclaredStatus;
  itemCodes: string[];
  description?: string;
  /** Telegram file id of a voice note describing the need; uploaded to intake after registration. */
  voiceFileId?: string;
  consentToShare: boolean;
}

/** The body of intake's POST /requests for a chat-bot application. */
export function registerRequestBody(region: string, a: ApplicationAnswers) {
  return {
    region,
    channel: 'chatbot' as const,
    applicant: {
      name: a.applicantName,
      idNumber: a.idNumber,
      phone: a.phone,
      phoneSource: a.phoneSource ?? 'shared_contact',
    },
    ...(a.proxy ? { proxy: a.proxy } : {}),
    household: [],
    address: { township: a.townshipCode, ...(a.villageCode ? { village: a.villageCode } : {}) },
    declaredGroups: statusOf(a) === 'declared' && a.group ? [a.group] : [],
    declaredStatus: statusOf(a),
    declaredConditions: [],
    items: a.itemCodes,
    ...(a.description ? { description: a.description } : a.voiceFileId ? { description: '（语音留言，见附件）' } : {}),
    consentToShare: a.consentToShare,
  };
}

const statusOf = (a: ApplicationAnswers): DeclaredStatus => a.declaredStatus ?? 'declared';

/** Whether the bot may take the applicant's phone as the chat's own (for look-ups): only one Telegram vouched for. */
export function phoneIsShared(a: ApplicationAnswers): boolean {
  return (a.phoneSource ?? 'shared_contact') === 'shared_contact';
}

/**
 * Items kept when the applicant's county changes: those the new county offers (the others are asked again).
 * `offered` is the county's catalogue as the resident sees it.
 */
export function itemsStillOffered(itemCodes: string[], offered: { code: string }[]): string[] {
  return itemCodes.filter((code) => offered.some((o) => o.code === code));
}

/** An application the resident confirmed, kept until intake registers it (and a while after). */
export interface ConfirmedApplication {
  applicationId: string;
  chatId: number;
  /** The region the chat applied in; absent on applications kept before the bot served several (the default). */
  region?: string;
  answers: ApplicationAnswers;
  confirmedAt: string;
  /** Set once intake has registered it: never submitted again after that. */
  registration?: Registration;
}

/** Intake's answer to POST /requests (201 registered, 200 merged). */
export interface Registration {
  status: 'registered' | 'merged';
  caseId: string;
  caseNumber: string;
  mergedItems: { itemCode: string; caseNumber: string }[];
}
