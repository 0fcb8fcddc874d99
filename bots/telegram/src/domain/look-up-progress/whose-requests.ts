import { maskName } from '@carelink/contracts';
import type { ChatCase } from '../resident-chats';

/** What intake's `GET /residents/requests` answers: the first person found, and the requests, newest first. */
export interface ResidentRequests {
  person: { personId: string; name: string } | null;
  requests: {
    caseId: string;
    caseNumber: string;
    /** Whose request it is (a phone may be on several persons' files); the name masked (张*明). */
    applicant?: { personId: string; nameMasked: string };
    registeredAt: string;
    items: { itemCode: string; name?: { zh: string; en: string } }[];
    status: { code: string; zh: string; ug?: string; en: string };
  }[];
}

type FoundRequest = ResidentRequests['requests'][number];

/** What a chat is shown of a verified look-up by phone: each request with whose it is, and what it may not see. */
export interface EntitledRequests {
  shown: (FoundRequest & { whose: string })[];
  /** Requests of other persons sharing the phone, left out. */
  hidden: number;
  /** Cases the chat may keep as its own from now on (complaints, the operator): the phone is their person's alone. */
  link: ChatCase[];
}

/**
 * Which requests found by phone (after the code texted to that phone was typed in) a chat may see.
 *
 * The code proves the chat holds a phone on file; it does not say which of the persons on file with that phone
 * is asking, and a phone is often shared (a son applied for both parents with his phone; a couple share one).
 * So: when every request found is one person's, the phone is theirs and the chat sees them all (and keeps
 * them as its own). When the phone is on several persons' files, the chat sees only the requests of persons it
 * is already linked to — it filed a case of theirs, or an earlier look-up made them its own — and is told that
 * others were left out; the others ask in their own chat, at the window, or through an operator.
 * A request whose person intake did not say is its own, unknown person.
 */
export function whoseRequests(found: ResidentRequests, chatCases: readonly ChatCase[]): EntitledRequests {
  const personOf = (r: FoundRequest) => r.applicant?.personId ?? `unknown:${r.caseId}`;
  const persons = new Set(found.requests.map(personOf));
  const chatCaseIds = new Set(chatCases.map((c) => c.caseId));
  const linked = new Set<string>(chatCases.flatMap((c) => (c.personId ? [c.personId] : [])));
  for (const r of found.requests) if (chatCaseIds.has(r.caseId)) linked.add(personOf(r));
  const alone = persons.size <= 1;
  const shown = found.requests
    .filter((r) => alone || linked.has(personOf(r)))
    .map((r) => ({
      ...r,
      whose: r.applicant?.nameMasked ?? (alone && found.person ? maskName(found.person.name) : ''),
    }));
  const link: ChatCase[] = [];
  if (alone && found.person)
    for (const r of found.requests)
      if (!chatCaseIds.has(r.caseId))
        link.push({
          caseId: r.caseId,
          caseNumber: r.caseNumber,
          name: found.person.name,
          personId: r.applicant?.personId ?? found.person.personId,
          itemCodes: r.items.map((i) => i.itemCode),
          linkedBy: 'lookup',
          at: r.registeredAt,
        });
  return { shown, hidden: found.requests.length - shown.length, link };
}
