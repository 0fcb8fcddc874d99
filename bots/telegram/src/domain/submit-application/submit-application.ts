import type { ApplicationBook, ConfirmedApplication } from '../../data-access/application-book';
import type { ChatDirectory } from '../../data-access/chat-directory';
import { Refused, Unavailable, type IntakeClient } from '../../data-access/intake-client';
import { registerRequestBody, type Registration } from '../application';

export interface SubmitDeps {
  region: string;
  book: ApplicationBook;
  intake: IntakeClient;
  directory: ChatDirectory;
  /** Schedules a retry of the submission (BullMQ, with backoff), once per application id. */
  retryLater: (applicationId: string) => Promise<void>;
  /** The bytes of a Telegram voice note, for upload to intake. */
  downloadVoice: (fileId: string) => Promise<{ bytes: Buffer; contentType: string }>;
  warn: (obj: Record<string, unknown>, message: string) => void;
}

export type SubmitOutcome =
  | { kind: 'registered'; registration: Registration; alreadyTold: boolean }
  | { kind: 'queued' }
  | { kind: 'refused'; reason: string };

/**
 * Sends a confirmed application to intake once: a registered application is never submitted again (the
 * registration is stored with it), and intake merges the same person's open items should a retry
 * follow a lost answer. Intake unreachable → the caller retries later; a refusal is final.
 */
export async function registerOnce(
  applicationId: string,
  deps: Omit<SubmitDeps, 'retryLater'>,
): Promise<{ application: ConfirmedApplication; registration: Registration; fresh: boolean }> {
  const application = await deps.book.find(applicationId);
  if (!application) throw new Error(`application ${applicationId} is not in the book`);
  if (application.registration) return { application, registration: application.registration, fresh: false };
  const registration = await deps.intake.register(registerRequestBody(deps.region, application.answers));
  await deps.book.recordRegistration(applicationId, registration);
  await deps.directory.rememberCase(registration.caseId, application.chatId);
  await deps.directory.setPhone(application.chatId, application.answers.phone);
  if (application.answers.voiceFileId) {
    try {
      const voice = await deps.downloadVoice(application.answers.voiceFileId);
      await deps.intake.attachVoiceNote(registration.caseId, voice.bytes, voice.contentType);
    } catch (err) {
      deps.warn({ err, caseId: registration.caseId }, 'the voice note could not be attached');
    }
  }
  return { application, registration, fresh: true };
}

/** The confirm step: keep the application, try intake now, else queue a retry and say so. */
export async function submitApplication(application: ConfirmedApplication, deps: SubmitDeps): Promise<SubmitOutcome> {
  await deps.book.save(application);
  try {
    const { registration } = await registerOnce(application.applicationId, deps);
    const alreadyTold = !(await deps.directory.firstTime(`registered:${registration.caseId}`));
    return { kind: 'registered', registration, alreadyTold };
  } catch (err) {
    if (err instanceof Refused) return { kind: 'refused', reason: err.messageZh };
    if (err instanceof Unavailable) {
      await deps.retryLater(application.applicationId);
      return { kind: 'queued' };
    }
    throw err;
  }
}
