import { DomainError, maskName } from '@carelink/contracts';
import { catalogueItemOf, type PolicyPack } from '@carelink/policy';
import { describeProgress, type ResidentProgress } from './resident-progress';

/** A request as a resident's question "where does it stand" reads it. */
export interface ResidentRequest {
  caseId: string;
  caseNumber: string;
  personId: string;
  applicantName: string;
  registeredAt: Date;
  itemCodes: string[];
  progress?: ResidentProgress;
}

/** Who a resident is, by ID number or by phone. */
export interface PersonLookup {
  /** The person id an ID number stands for (a keyed pseudonym; the person may have no file). */
  personIdOf(idNumber: string): string;
  /** The persons whose file has this phone number (a guardian may have applied for several). */
  personIdsByPhone(phone: string): Promise<string[]>;
}

export interface LatestRequests {
  /** The latest requests of these persons within a region and jurisdiction, newest first. */
  latestOf(
    personIds: string[],
    limit: number,
    scope: { region: string; jurisdiction: string },
  ): Promise<ResidentRequest[]>;
}

export interface ResidentQuestion {
  phone?: string;
  idNumber?: string;
  limit?: number;
}

/**
 * A resident's latest requests with where each stands in plain words, found by phone or ID number: what the
 * chat bot, the hotline and the window read out (查询进度). Only requests within the asker's region and
 * jurisdiction are found. `personIds` are the persons whose requests were read. `verified`: the persons a
 * second factor (a one-time code) was checked for; only they are read then.
 */
export async function findResidentRequests(
  question: ResidentQuestion,
  scope: { region: string; jurisdiction: string; pack: PolicyPack | undefined },
  deps: { persons: PersonLookup; requests: LatestRequests },
  verified?: string[],
) {
  if ((question.phone === undefined) === (question.idNumber === undefined))
    throw DomainError.invalid(
      'phone_or_id_number',
      'give either phone or idNumber',
      '请提供手机号码或身份证号码（二选一）',
    );
  const candidates =
    verified ??
    (question.idNumber
      ? [deps.persons.personIdOf(question.idNumber)]
      : await deps.persons.personIdsByPhone(question.phone!));
  const requests = await deps.requests.latestOf(candidates, question.limit ?? 5, scope);
  const first = requests[0];
  return {
    personIds: [...new Set(requests.map((r) => r.personId))],
    answer: {
      person: first ? { personId: first.personId, name: first.applicantName } : null,
      requests: requests.map((r) => ({
        caseId: r.caseId,
        caseNumber: r.caseNumber,
        // Whose request it is: a phone may be on several persons' files (a guardian applied for each).
        applicant: { personId: r.personId, nameMasked: maskName(r.applicantName) },
        registeredAt: r.registeredAt,
        items: r.itemCodes.map((itemCode) => ({
          itemCode,
          name: scope.pack ? catalogueItemOf(scope.pack, itemCode)?.name : undefined,
        })),
        status: describeProgress(r.progress?.stage ?? 'registered'),
        // What a resident may complain about: the provider's latest visits, the providers referred to.
        recentVisits: r.progress?.recentVisits ?? [],
        providers: r.progress?.providers ?? [],
        updatedAt: r.progress?.at ?? r.registeredAt,
      })),
    },
  };
}
