/** What a resident has answered in the application conversation. */
export interface ApplicationAnswers {
  applicantName: string;
  idNumber: string;
  phone: string;
  /** Set when a family member or guardian applies for the applicant. */
  proxy?: { name: string; relation: string };
  countyCode: string;
  townshipCode: string;
  villageCode?: string;
  group: string;
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
    applicant: { name: a.applicantName, idNumber: a.idNumber, phone: a.phone },
    ...(a.proxy ? { proxy: a.proxy } : {}),
    household: [],
    address: { township: a.townshipCode, ...(a.villageCode ? { village: a.villageCode } : {}) },
    declaredGroups: [a.group],
    declaredConditions: [],
    items: a.itemCodes,
    ...(a.description ? { description: a.description } : a.voiceFileId ? { description: '（语音留言，见附件）' } : {}),
    consentToShare: a.consentToShare,
  };
}

/** An application the resident confirmed, kept until intake registers it (and a while after). */
export interface ConfirmedApplication {
  applicationId: string;
  chatId: number;
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
