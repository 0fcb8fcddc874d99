import { DomainError } from '@carelink/contracts';
import { decideAndCarryOut } from '../decide-and-carry-out';
import type { Reply, ResidentChats } from '../resident-chats';
import { ServiceUnavailable } from '../service-calls';
import {
  decideFiling,
  filingWith,
  type ComplaintFiling,
  type FilingCommand,
  type FilingContext,
  type FilingInput,
  type FilingVia,
  type PendingComplaint,
} from './filing';

/** Where complaints are kept until filed (sealed, in Redis). */
export interface ComplaintStore {
  find(filingId: string): Promise<PendingComplaint | undefined>;
  save(pending: PendingComplaint): Promise<void>;
}

/** The complaints service's API as a filing uses it. Refusals are `DomainError`s, failures `ServiceUnavailable`. */
export interface ComplaintFilings {
  file(filing: ComplaintFiling, idempotencyKey: string): Promise<{ complaintId: string; complaintNumber: string }>;
  /** Uploads a voice note (in the complaint's region); its id goes with the complaint. */
  attach(bytes: Buffer, contentType: string, region: string): Promise<string>;
}

export interface FileComplaintDeps {
  complaintsKept: ComplaintStore;
  complaints: ComplaintFilings;
  chats: Pick<ResidentChats, 'phone' | 'rememberComplaint' | 'firstTime'>;
  downloadVoice: (fileId: string) => Promise<{ bytes: Buffer; contentType: string }>;
  /** From the chat: schedules the retry job. In the job: fails this attempt, so that it runs again. */
  retryLater: (filingId: string, because: string) => Promise<void>;
  warn: (obj: Record<string, unknown>, message: string) => void;
}

/** The last step of the complaint conversation: keep it, file it now. Returns what to say in the chat. */
export function fileMadeComplaint(pending: PendingComplaint, deps: FileComplaintDeps): Promise<Reply[]> {
  return filing(undefined, { kind: 'made', pending }, 'chat', deps);
}

/** The retry job of a filing: file it if the complaints service does not have it yet. */
export async function retryFiling(filingId: string, deps: FileComplaintDeps): Promise<Reply[]> {
  return filing(await deps.complaintsKept.find(filingId), { kind: 'retry-due', filingId }, 'job', deps);
}

/** Load, decide, keep, carry out (see `decideFiling`); the service's answer to a command is the next input. */
function filing(
  state: PendingComplaint | undefined,
  first: FilingInput,
  via: FilingVia,
  deps: FileComplaintDeps,
): Promise<Reply[]> {
  const ctx: FilingContext = { via };
  return decideAndCarryOut(state, first, {
    decide: (current, input) => decideFiling(current, input, ctx),
    save: (pending) => deps.complaintsKept.save(pending),
    carryOut: (command) => carryOut(command, via, deps),
    chats: deps.chats,
  });
}

async function carryOut(
  command: FilingCommand,
  via: FilingVia,
  deps: FileComplaintDeps,
): Promise<FilingInput | undefined> {
  switch (command.kind) {
    case 'file':
      try {
        const attachmentIds: string[] = [];
        if (command.voiceFileId) {
          // The voice note may be all the complaint says: not filed without it (Telegram unreachable → later).
          const voice = await deps.downloadVoice(command.voiceFileId).catch((err: Error) => {
            throw new ServiceUnavailable(`the voice note could not be downloaded: ${err.message}`);
          });
          attachmentIds.push(await deps.complaints.attach(voice.bytes, voice.contentType, command.filing.region));
        }
        const phone = await deps.chats.phone(command.chatId);
        const filed = await deps.complaints.file(
          filingWith(command.filing, attachmentIds, phone),
          command.idempotencyKey,
        );
        return { kind: 'filed', complaintId: filed.complaintId, complaintNumber: filed.complaintNumber };
      } catch (err) {
        if (err instanceof ServiceUnavailable) return { kind: 'unavailable', because: err.message };
        if (err instanceof DomainError) return { kind: 'failed' };
        // The resident in the chat hears that it did not go through; the job lets the job board retry.
        if (via === 'job') throw err;
        deps.warn({ err }, 'filing a complaint failed');
        return { kind: 'failed' };
      }
    case 'remember-complaint':
      await deps.chats.rememberComplaint(command.complaintId, command.chatId);
      return undefined;
    case 'retry-later':
      await deps.retryLater(command.filingId, command.because);
      return undefined;
  }
}
