import type { PolicyPack } from '@carelink/policy';
import { chinaTime, itemName } from '../progress-notice';
import type { CaseVisit, ChatCase } from '../resident-chats';
import type { ComplaintFiling } from './filing';

/** What a resident's complaint is about, as they picked it in the chat. */
export interface ComplaintSubject {
  /** One of the chat's own cases, picked from the list. */
  case?: ChatCase;
  /** A case number typed in (a case the chat does not know). */
  typedCaseNumber?: string;
  /** A visit of the picked case (a complaint about a provider or worker). */
  visit?: CaseVisit;
  /** The township it happened in, when no case is named. */
  township?: string;
}

/** The complaint's `about` for the complaints service: the case, the visit's provider and worker, or the place. */
export function complaintAbout(subject: ComplaintSubject): ComplaintFiling['about'] {
  const visit = subject.visit
    ? { providerId: subject.visit.providerId, workerId: subject.visit.workerId, visitId: subject.visit.visitId }
    : {};
  if (subject.case) return { caseId: subject.case.caseId, caseNumber: subject.case.caseNumber, ...visit };
  if (subject.typedCaseNumber) return { caseNumber: subject.typedCaseNumber };
  return { township: subject.township };
}

/** The summary of a complaint the resident spoke, for staff (in Chinese): the voice note is attached. */
export const SPOKEN_COMPLAINT = '（语音留言，见附件）';

/**
 * The summary as filed: the resident's words, and for a visit the line that tells the handler which one (in
 * Chinese, for staff: 关于 2026-11-26 09:30 的上门服务（助餐送餐）).
 */
export function complaintSummary(words: string, visit: CaseVisit | undefined, pack: PolicyPack): string {
  if (!visit) return words;
  const line = `——关于 ${chinaTime(visit.at)} 的上门服务（${itemName(pack, visit.itemCode, 'zh')}${visit.delivered ? '，已记录' : '，已预约'}）`;
  return `${words.slice(0, 2000 - line.length - 1)}\n${line}`;
}

/** The cases offered to pick from (the newest first, at most `max`), and the visits of one (likewise). */
export const CASES_OFFERED = 6;
export const VISITS_OFFERED = 5;
