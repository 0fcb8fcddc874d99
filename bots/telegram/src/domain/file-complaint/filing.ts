import { DomainError } from '@carelink/contracts';
import type { BotDecision } from '../decide-and-carry-out';

/** A complaint as the complaints service takes it (POST /complaints, channel chatbot). */
export interface ComplaintFiling {
  region: string;
  channel: 'chatbot';
  kind: 'complaint';
  type: 'service_quality' | 'staff_conduct' | 'money' | 'eligibility_decision' | 'other';
  /** At least one of them. */
  about: {
    caseId?: string;
    caseNumber?: string;
    providerId?: string;
    workerId?: string;
    visitId?: string;
    township?: string;
  };
  summary: string;
  attachmentIds?: string[];
  reporter?: { name?: string; phone?: string };
}

/** A complaint a resident made, kept (sealed) until the complaints service has it. */
export interface PendingComplaint {
  filingId: string;
  chatId: number;
  filing: ComplaintFiling;
  voiceFileId?: string;
  /** Set once the complaints service has it: never filed twice. */
  filed?: { complaintId: string; complaintNumber: string };
}

/** Where a step of a filing comes from: the end of the complaint conversation, or the retry job. */
export type FilingVia = 'chat' | 'job';

export interface FilingContext {
  via: FilingVia;
}

export type FilingInput =
  /** The resident said what happened: the complaint is complete. */
  | { kind: 'made'; pending: PendingComplaint }
  /** The retry job of the filing came due. */
  | { kind: 'retry-due'; filingId: string }
  /** The complaints service has it. */
  | { kind: 'filed'; complaintId: string; complaintNumber: string }
  /** The complaints service said no (in the chat: or filing failed otherwise): told, not retried. */
  | { kind: 'failed' }
  /** The complaints service could not be reached or failed: try again later. */
  | { kind: 'unavailable'; because: string };

export type FilingCommand =
  /**
   * POST /complaints (a voice note first, as an attachment; the resident's phone as the reporter's), with
   * the filing id as Idempotency-Key: a retry after a lost answer gets the first complaint back. Its answer
   * is the next input.
   */
  | { kind: 'file'; chatId: number; filing: ComplaintFiling; voiceFileId?: string; idempotencyKey: string }
  /** Remember the complaint's chat, for its outcome and the rating. */
  | { kind: 'remember-complaint'; complaintId: string; chatId: number }
  /** Have the filing tried again later (with backoff). */
  | { kind: 'retry-later'; filingId: string; because: string };

export type FilingDecision = BotDecision<PendingComplaint, FilingCommand>;

const file = (pending: PendingComplaint): FilingCommand => ({
  kind: 'file',
  chatId: pending.chatId,
  filing: pending.filing,
  ...(pending.voiceFileId ? { voiceFileId: pending.voiceFileId } : {}),
  idempotencyKey: `telegram-${pending.filingId}`,
});

/**
 * A complaint on its way to the complaints service, decided without touching anything: kept first, filed
 * once, its number told when it is filed. Unreachable → filed later (the resident is told it is noted);
 * refused → the resident is told it did not go through.
 */
export function decideFiling(
  state: PendingComplaint | undefined,
  input: FilingInput,
  ctx: FilingContext,
): FilingDecision {
  if (input.kind === 'made') return { state: input.pending, replies: [], commands: [file(input.pending)] };
  if (!state) {
    if (input.kind === 'retry-due') throw DomainError.notFound(`complaint filing ${input.filingId}`, '投诉');
    throw new Error(`the complaints service answered (${input.kind}) for a filing that is not kept`);
  }
  switch (input.kind) {
    case 'retry-due':
      return state.filed ? { replies: [], commands: [] } : { replies: [], commands: [file(state)] };
    case 'filed': {
      const filed = { complaintId: input.complaintId, complaintNumber: input.complaintNumber };
      return {
        state: { ...state, filed },
        replies: [
          { chatId: state.chatId, key: 'complain-received', params: { complaintNumber: filed.complaintNumber } },
        ],
        commands: [{ kind: 'remember-complaint', complaintId: filed.complaintId, chatId: state.chatId }],
      };
    }
    case 'failed':
      return { replies: [{ chatId: state.chatId, key: 'complain-failed', params: {} }], commands: [] };
    case 'unavailable':
      return {
        replies: ctx.via === 'chat' ? [{ chatId: state.chatId, key: 'complain-queued', params: {} }] : [],
        commands: [{ kind: 'retry-later', filingId: state.filingId, because: input.because }],
      };
  }
}

/** The complaint as filed: with the uploaded voice note and the phone the resident applied with, when known. */
export function filingWith(
  filing: ComplaintFiling,
  attachmentIds: string[],
  phone: string | undefined,
): ComplaintFiling {
  return {
    ...filing,
    ...(attachmentIds.length ? { attachmentIds } : {}),
    reporter: { ...filing.reporter, ...(phone ? { phone } : {}) },
  };
}
