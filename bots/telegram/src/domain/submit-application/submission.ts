import { DomainError } from '@carelink/contracts';
import { phoneIsShared, registerRequestBody, type ConfirmedApplication, type Registration } from '../application';
import type { BotDecision } from '../decide-and-carry-out';
import type { ChatCase } from '../resident-chats';

/**
 * Where a step of a submission comes from: the resident confirming in the chat (they wait for the answer
 * there), or the retry job (the answer is pushed to their chat).
 */
export type SubmissionVia = 'chat' | 'job';

export interface SubmissionContext {
  /** The region of an application kept before applications carried their own. */
  region: string;
  via: SubmissionVia;
}

/** What happens to an application on its way to intake. */
export type SubmissionInput =
  /** The resident confirmed the summary. */
  | { kind: 'confirmed'; application: ConfirmedApplication }
  /** The retry job of the application came due. */
  | { kind: 'retry-due'; applicationId: string }
  /** Intake registered it (or merged it into the person's open case). */
  | { kind: 'registered'; registration: Registration }
  /** Intake said no (4xx), with its words for the resident: final, not retried. */
  | { kind: 'refused'; reason: string }
  /** Intake could not be reached or failed: try again later. */
  | { kind: 'unavailable'; because: string };

/** What the bot is to do for it, in this order. */
export type SubmissionCommand =
  /** POST /requests on intake; its answer is the next input. */
  | { kind: 'register'; body: ReturnType<typeof registerRequestBody> }
  /**
   * Remember the case's chat (for progress pushes), the case among the chat's own (complaints, the operator)
   * and the phone the resident applied with when Telegram vouched for it (a typed one is not the chat's).
   */
  | { kind: 'remember-case'; caseId: string; chatId: number; phone?: string; known: ChatCase }
  /** Upload the voice note describing the need to the case, in its region (a failure is only logged). */
  | { kind: 'attach-voice-note'; region: string; caseId: string; voiceFileId: string }
  /** Note the resident as told under this mark, so the acknowledgement push does not tell it again. */
  | { kind: 'mark-told'; what: string }
  /** Have the submission tried again later (with backoff). */
  | { kind: 'retry-later'; applicationId: string; because: string };

export type SubmissionDecision = BotDecision<ConfirmedApplication, SubmissionCommand>;

const registrationReply = (application: ConfirmedApplication, registration: Registration) => ({
  chatId: application.chatId,
  key: registration.status === 'merged' ? 'apply-merged' : 'apply-registered',
  params: { caseNumber: registration.caseNumber },
});

/**
 * A confirmed application on its way to intake, decided without touching anything: it is kept first, sent
 * once (a registered application is never sent again), and whoever comes first — the answer in the chat or
 * the acknowledgement push — tells the resident the case number; the other does not repeat it. Intake
 * unreachable → tried again later (the resident is told it is saved); a refusal is told and is final.
 */
export function decideSubmission(
  state: ConfirmedApplication | undefined,
  input: SubmissionInput,
  ctx: SubmissionContext,
): SubmissionDecision {
  if (input.kind === 'confirmed')
    return {
      state: input.application,
      replies: [],
      commands: [
        {
          kind: 'register',
          body: registerRequestBody(input.application.region ?? ctx.region, input.application.answers),
        },
      ],
    };
  if (!state) {
    if (input.kind === 'retry-due') throw DomainError.notFound(`application ${input.applicationId}`, '申请');
    throw new Error(`intake answered (${input.kind}) for an application that is not kept`);
  }
  switch (input.kind) {
    case 'retry-due':
      if (state.registration)
        return {
          replies: [
            { ...registrationReply(state, state.registration), once: `registered:${state.registration.caseId}` },
          ],
          commands: [],
        };
      return {
        replies: [],
        commands: [{ kind: 'register', body: registerRequestBody(state.region ?? ctx.region, state.answers) }],
      };
    case 'registered': {
      const { registration } = input;
      const told = `registered:${registration.caseId}`;
      const commands: SubmissionCommand[] = [
        {
          kind: 'remember-case',
          caseId: registration.caseId,
          chatId: state.chatId,
          ...(phoneIsShared(state.answers) ? { phone: state.answers.phone } : {}),
          known: {
            caseId: registration.caseId,
            caseNumber: registration.caseNumber,
            name: state.answers.applicantName,
            township: state.answers.townshipCode,
            itemCodes: state.answers.itemCodes,
            linkedBy: 'filed',
            at: state.confirmedAt,
          },
        },
      ];
      if (state.answers.voiceFileId)
        commands.push({
          kind: 'attach-voice-note',
          region: state.region ?? ctx.region,
          caseId: registration.caseId,
          voiceFileId: state.answers.voiceFileId,
        });
      // In the chat the resident waits for the number: it is said, and noted as told. Pushed by the job, it
      // is said only if the acknowledgement did not tell it first.
      if (ctx.via === 'chat') commands.push({ kind: 'mark-told', what: told });
      const reply = registrationReply(state, registration);
      return {
        state: { ...state, registration },
        replies: [ctx.via === 'chat' ? reply : { ...reply, once: told }],
        commands,
      };
    }
    case 'refused':
      return {
        replies: [{ chatId: state.chatId, key: 'apply-rejected', params: { reason: input.reason } }],
        commands: [],
      };
    case 'unavailable':
      return {
        replies: ctx.via === 'chat' ? [{ chatId: state.chatId, key: 'apply-queued', params: {} }] : [],
        commands: [{ kind: 'retry-later', applicationId: state.applicationId, because: input.because }],
      };
  }
}
