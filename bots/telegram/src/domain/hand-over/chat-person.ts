import type { ChatCase } from '../resident-chats';

/** Who is in a handed-over chat, as the hotline operator is told beside the transcript. */
export interface ChatPerson {
  /** The applicant's name in full (the operator serves them; the read is audited). */
  name?: string;
  caseId?: string;
  caseNumber?: string;
  /** The township code of the case, when the chat filed it. */
  township?: string;
  /** Every case the chat may speak about, newest first (a guardian may have applied for several persons). */
  cases: { caseId: string; caseNumber: string; name: string; township?: string }[];
}

/** The person and case of a chat: its newest own case (filed there, or found by a verified look-up), and the others. */
export function chatPerson(cases: readonly ChatCase[]): ChatPerson {
  const newest = [...cases].sort((a, b) => b.at.localeCompare(a.at));
  const latest = newest[0];
  return {
    ...(latest
      ? {
          name: latest.name,
          caseId: latest.caseId,
          caseNumber: latest.caseNumber,
          ...(latest.township ? { township: latest.township } : {}),
        }
      : {}),
    cases: newest.map((c) => ({
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      name: c.name,
      ...(c.township ? { township: c.township } : {}),
    })),
  };
}

/** What the resident is told of who joined: the operator's display name, else their seat (热线坐席 N号). */
export function joinedAs(displayName: string | undefined): { name: string } | { seat: true } {
  const name = displayName?.trim();
  return name ? { name } : { seat: true };
}
