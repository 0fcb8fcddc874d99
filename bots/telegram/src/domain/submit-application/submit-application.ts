import { DomainError } from '@carelink/contracts';
import type { ConfirmedApplication, Registration } from '../application';
import { decideAndCarryOut } from '../decide-and-carry-out';
import type { Reply, ResidentChats } from '../resident-chats';
import { ServiceUnavailable } from '../service-calls';
import {
  decideSubmission,
  type SubmissionCommand,
  type SubmissionContext,
  type SubmissionInput,
  type SubmissionVia,
} from './submission';

/** Where confirmed applications are kept (sealed, in Redis: they hold ID numbers and phones). */
export interface ApplicationStore {
  find(applicationId: string): Promise<ConfirmedApplication | undefined>;
  save(application: ConfirmedApplication): Promise<void>;
}

/**
 * Intake's API as a submission uses it, as the channel adapter of the request's region (the body's `region`,
 * the region of the case). Refusals are `DomainError`s, failures `ServiceUnavailable`.
 */
export interface IntakeRegistrations {
  register(body: { region: string }): Promise<Registration>;
  attachVoiceNote(caseId: string, bytes: Buffer, contentType: string, region: string): Promise<void>;
}

export interface SubmitDeps {
  region: string;
  applications: ApplicationStore;
  intake: IntakeRegistrations;
  chats: Pick<ResidentChats, 'rememberCase' | 'linkCase' | 'setPhone' | 'firstTime'>;
  /** The bytes of a Telegram voice note, for upload to intake. */
  downloadVoice: (fileId: string) => Promise<{ bytes: Buffer; contentType: string }>;
  /**
   * Has the submission tried again later. From the chat: schedules the retry job (BullMQ, with backoff, once
   * per application). In the job: fails this attempt, so that the job board runs it again.
   */
  retryLater: (applicationId: string, because: string) => Promise<void>;
  warn: (obj: Record<string, unknown>, message: string) => void;
}

/** The confirm step of the conversation: keep the application, try intake now. Returns what to say in the chat. */
export function submitConfirmedApplication(application: ConfirmedApplication, deps: SubmitDeps): Promise<Reply[]> {
  return submission(undefined, { kind: 'confirmed', application }, 'chat', deps);
}

/** The retry job of an application: send it if it is not registered yet. Returns what to push to the chat. */
export async function retrySubmission(applicationId: string, deps: SubmitDeps): Promise<Reply[]> {
  return submission(await deps.applications.find(applicationId), { kind: 'retry-due', applicationId }, 'job', deps);
}

/** Load, decide, keep, carry out (see `decideSubmission`); intake's answer to a command is the next input. */
function submission(
  state: ConfirmedApplication | undefined,
  first: SubmissionInput,
  via: SubmissionVia,
  deps: SubmitDeps,
): Promise<Reply[]> {
  const ctx: SubmissionContext = { region: deps.region, via };
  return decideAndCarryOut(state, first, {
    decide: (current, input) => decideSubmission(current, input, ctx),
    save: (application) => deps.applications.save(application),
    carryOut: (command) => carryOut(command, deps),
    chats: deps.chats,
  });
}

async function carryOut(command: SubmissionCommand, deps: SubmitDeps): Promise<SubmissionInput | undefined> {
  switch (command.kind) {
    case 'register':
      try {
        return { kind: 'registered', registration: await deps.intake.register(command.body) };
      } catch (err) {
        if (err instanceof DomainError) return { kind: 'refused', reason: err.messageZh ?? err.message };
        if (err instanceof ServiceUnavailable) return { kind: 'unavailable', because: err.message };
        throw err;
      }
    case 'remember-case':
      await deps.chats.rememberCase(command.caseId, command.chatId);
      await deps.chats.linkCase(command.chatId, command.known);
      if (command.phone) await deps.chats.setPhone(command.chatId, command.phone);
      return undefined;
    case 'attach-voice-note':
      try {
        const voice = await deps.downloadVoice(command.voiceFileId);
        await deps.intake.attachVoiceNote(command.caseId, voice.bytes, voice.contentType, command.region);
      } catch (err) {
        deps.warn({ err, caseId: command.caseId }, 'the voice note could not be attached');
      }
      return undefined;
    case 'mark-told':
      await deps.chats.firstTime(command.what);
      return undefined;
    case 'retry-later':
      await deps.retryLater(command.applicationId, command.because);
      return undefined;
  }
}
