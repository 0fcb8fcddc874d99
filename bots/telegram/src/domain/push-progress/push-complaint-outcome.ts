import type { CloudEvent } from '@carelink/contracts';
import type { ResidentChats } from '../resident-chats';

export interface ComplaintOutcomeDeps {
  directory: Pick<ResidentChats, 'chatOfComplaint' | 'locale'>;
  defaultLocale: string;
  send: (chatId: number, locale: string, key: string, params: Record<string, string | number>) => Promise<void>;
  /** Asks the resident to rate the outcome 1–5 with inline buttons. */
  askRating: (chatId: number, locale: string, complaintId: string) => Promise<void>;
}

/** The part of complaint.transitioned.v1 the bot reads (contract of the complaints service). */
interface ComplaintTransition {
  complaintId: string;
  complaintNumber: string;
  to: string;
  reason?: string;
  outcome?: { upheld: boolean; summary: string };
}

/**
 * A complaint filed through the bot that is resolved: the resident hears the outcome and is asked to
 * rate it. Other transitions and complaints filed elsewhere say nothing.
 */
export async function pushComplaintOutcome(event: CloudEvent, deps: ComplaintOutcomeDeps): Promise<void> {
  const data = event.data as ComplaintTransition;
  if (data.to !== 'resolved') return;
  const chatId = await deps.directory.chatOfComplaint(data.complaintId);
  if (chatId === undefined) return;
  const locale = (await deps.directory.locale(chatId)) ?? deps.defaultLocale;
  await deps.send(chatId, locale, 'complain-resolved', {
    complaintNumber: data.complaintNumber,
    outcome: data.outcome?.summary ?? data.reason ?? '',
  });
  await deps.askRating(chatId, locale, data.complaintId);
}
