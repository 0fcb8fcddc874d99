import {
  complaintAbout,
  complaintType,
  parseResidentId,
  phoneNumber,
  type ResidentIdProblem,
} from '@carelink/contracts';
import type { z } from 'zod';
import { chinaDate } from '@carelink/policy';
import {
  fill,
  readIdNumber,
  readOut,
  type Language,
  type LanguagePrompts,
  type MenuEntry,
  type RegionPrompts,
} from './prompts';
import {
  DISPUTE_KEY,
  disputeReasonOf,
  keyedVisitCode,
  spokenTime,
  visitsToConfirm,
  type VisitConfirmationPorts,
  type VisitToConfirm,
} from './confirm-visit/visit-confirmation';

/** Where a call is in the menu: the node says what the next input answers. */
export type CallNode =
  | 'language'
  | 'menu'
  | 'id-entry'
  | 'id-confirm'
  | 'code-entry'
  | 'apply-item'
  | 'apply-township'
  | 'apply-group'
  | 'apply-record'
  | 'complaint-topic'
  | 'complaint-case'
  | 'complaint-service'
  | 'complaint-township'
  | 'complaint-record'
  | 'first-name-record'
  | 'first-township'
  | 'first-need-record'
  | 'number-read'
  | 'visit-confirm'
  | 'visit-dispute-reason'
  | 'done';

export type CallOutcome = 'applied' | 'complained' | 'status_read' | 'operator' | 'abandoned';

/**
 * Why a call went to an operator: the caller asked (0), could not get through the menu, is not on file, looked up
 * too often, or a service failed (the request or complaint was not made: someone must call back).
 */
export type TransferReason = 'asked' | 'reprompts' | 'unknown_person' | 'too_many' | 'failed';

/** A recording the call left with a service: the complaint's or the request's attachment (to play it back). */
export type CallRecording =
  | { service: 'complaints'; complaintId: string; attachmentId: string }
  | { service: 'intake'; caseId: string; attachmentId: string }
  | { service: 'intake'; applicationId: string; attachmentId: string };

export type ComplaintType = z.infer<typeof complaintType>;
export type ComplaintAbout = z.infer<typeof complaintAbout>;

/**
 * What a phone complaint is about, as the caller picks it (key on the keypad), and the complaint type the
 * complaints service files it under: the same four choices as the chat bot's complaint flow.
 */
export const complaintTopics = [
  { key: '1', topic: 'application', type: 'eligibility_decision' },
  { key: '2', topic: 'provider', type: 'service_quality' },
  { key: '3', topic: 'township', type: 'staff_conduct' },
  { key: '4', topic: 'other', type: 'other' },
] as const satisfies readonly { key: string; topic: string; type: ComplaintType }[];
export type ComplaintTopic = (typeof complaintTopics)[number]['topic'];

export interface KnownPerson {
  personId: string;
  name: string;
}

/** A provider's visit of a case, as intake heard of it (scheduled, or delivered). */
export interface RecentVisit {
  visitId: string;
  providerId: string;
  workerId: string;
  itemCode: string;
  /** When it was delivered, else when it is scheduled for. */
  at: string;
  delivered: boolean;
}

export interface RequestSummary {
  caseId: string;
  caseNumber: string;
  registeredAt: string;
  /** Intake gives the catalogue name (zh/en) where the item is known. */
  items: { itemCode: string; name?: string | { zh: string; en?: string } }[];
  status: { code: string; zh: string; ug?: string; en?: string };
  /** The latest visits of the case, newest first (intake follows the providers' visit events). */
  recentVisits?: RecentVisit[];
  /** The providers the case's items were referred to, newest first. */
  providers?: { providerId: string; itemCode: string; referredAt: string }[];
}

export interface Lookup {
  person: KnownPerson | null;
  requests: RequestSummary[];
}

/** Asking intake to text a one-time code to the phone on file: asked, or refused as too frequent. */
export type CodeRequest = 'sent' | 'too_many';

/** A look-up with the code the caller keyed in: found, the code refused, or too many look-ups. */
export type VerifiedLookup = { kind: 'found'; lookup: Lookup } | { kind: 'wrong_code' } | { kind: 'too_many' };

/** One of the things a complaint can be about, offered on the keypad (a case, a visit, a provider). */
export interface ComplaintChoice {
  key: string;
  about: ComplaintAbout;
  /** What the complaint summary says it is about, for the handler (a visit's date and id). */
  detail?: string;
  /** The line offering it ("11月20日的助餐送餐服务请按1"), in the call's language. */
  label: string;
}

/** What is kept of a call between webhooks (in Redis, for an hour). */
export interface CallState {
  callSid: string;
  region: string;
  /** The caller's number as the provider gave it. */
  from: string;
  language: Language;
  node: CallNode;
  /** Sequence number of the next expected webhook; retries of an earlier one are answered from cache. */
  seq: number;
  /** Invalid or empty answers at the current node. */
  attempts: number;
  intent?: 'apply' | 'complaint' | 'status' | 'confirm';
  /** Known once the caller keyed in the code texted to the phone on file of the ID number they gave. */
  person?: KnownPerson;
  requests?: RequestSummary[];
  /** Keyed in, waiting for confirmation / confirmed. */
  pendingIdNumber?: string;
  idNumber?: string;
  itemCode?: string;
  township?: string;
  group?: string;
  /** What the complaint is about (the caller's choice at the complaint menu), and what exactly, once chosen. */
  complaintTopic?: ComplaintTopic;
  complaintAbout?: ComplaintAbout;
  complaintDetail?: string;
  /** The cases, visits or providers offered at the current complaint step. */
  choices?: ComplaintChoice[];
  /** A first-time caller's name, as they said it (the provider's recording). */
  nameRecordingUrl?: string;
  /** Path through the menu, for the call record: `node:input` per step. */
  path: string[];
  outcome?: CallOutcome;
  /** Why the call went to an operator (outcome `operator`). */
  transferReason?: TransferReason;
  caseNumber?: string;
  complaintNumber?: string;
  /** A first-time caller's application awaiting identity (the township calls back to complete it). */
  applicationNumber?: string;
  /** The recording the caller left, where the service that keeps it said where. */
  recording?: CallRecording;
  /** The closing line with the number made, read again on 1. */
  closing?: string;
  /** The visits awaiting the caller's confirmation still to be read, the one being read first. */
  visitsToConfirm?: VisitToConfirm[];
  startedAt: string;
}

/** A line to say: in the call's language, or in a language (and so a voice) of its own. */
export type Spoken = string | { text: string; language: Language };

/** A provider-neutral answer: things to say, then one of gather / record / dial / hangup. */
export interface Answer {
  say: Spoken[];
  then:
    | { verb: 'gather'; numDigits?: number; finishOnKey?: string; timeoutSeconds: number }
    | { verb: 'record'; maxLengthSeconds: number }
    | { verb: 'dial'; number: string }
    | { verb: 'hangup' };
}

/** What the provider posted at a step (already validated). */
export interface StepInput {
  digits?: string;
  recordingUrl?: string;
  recordingDurationSeconds?: number;
}

/**
 * The side effects a call can cause, behind ports (intake and complaints over HTTP). `caller` is who the
 * look-ups are counted under (the calling number, or the call when it is withheld).
 */
export interface CallPorts extends VisitConfirmationPorts {
  /** Texts a one-time code to the phone on file of the person the ID number stands for (if there is one). */
  requestCode(input: { region: string; idNumber: string; caller: string }): Promise<CodeRequest>;
  /** The person's latest requests, for the code the caller keyed in. */
  lookupByIdNumber(input: { region: string; idNumber: string; code: string; caller: string }): Promise<VerifiedLookup>;
  /**
   * Registers a request of a caller on file, the recording attached (now, or by a retried job when the provider's
   * recording cannot be fetched yet: `recordingPending`).
   */
  registerRequest(input: {
    callSid: string;
    region: string;
    idNumber: string;
    name: string;
    phone: string;
    township: string;
    group: string;
    itemCode: string;
    recordingUrl: string;
  }): Promise<{ caseNumber: string; caseId?: string; recordingId?: string; recordingPending?: boolean }>;
  /**
   * Files a complaint with its recording. Without a `complaintNumber` the recording could not be fetched yet: the
   * complaint is filed, with it, by a retried job (a complaint by phone says everything in its recording).
   */
  fileComplaint(input: {
    /** The provider's call id: one complaint per call, however often it is submitted. */
    callSid: string;
    region: string;
    type: ComplaintType;
    about: ComplaintAbout;
    /** What the caller picked, for the handler (e.g. the visit). */
    detail?: string;
    phone: string;
    recordingUrl: string;
  }): Promise<{ complaintNumber?: string; complaintId?: string; recordingId?: string }>;
  /**
   * A first-time caller's application awaiting identity: their name and need as recordings, the township, and
   * the number to call back on; the township completes the identity by calling back.
   */
  applyPendingIdentity(input: {
    callSid: string;
    region: string;
    phone: string;
    township: string;
    nameRecordingUrl: string;
    needRecordingUrl: string;
  }): Promise<{ applicationNumber: string; applicationId?: string }>;
}

/** Invalid or empty answers re-prompt this many times; the next one goes to an operator. */
export const MAX_REPROMPTS = 3;

/** A mainland number as intake stores it: +86 / 0086 prefixes dropped. */
export function nationalNumber(from: string): string {
  return from.replace(/^(\+86|0086)/, '').replace(/[^\d]/g, '');
}

/** Who a call's look-ups are counted under: the calling number, else the call itself. */
export function callerOf(state: Pick<CallState, 'from' | 'callSid'>): string {
  return `ivr:${nationalNumber(state.from) || state.callSid}`;
}

/** Keypad ID numbers: `*` stands for X; a trailing `#` ends the entry. */
export function keyedIdNumber(digits: string): string {
  return digits.replace(/#$/, '').replace(/\*/g, 'X');
}

/** What is wrong with a keyed ID number, to tell the caller: too few or many digits, or what GB 11643 finds. */
export type KeyedIdProblem = { problem: 'length'; count: number } | { problem: ResidentIdProblem };

export function keyedIdProblem(idNumber: string, today: Date): KeyedIdProblem | undefined {
  if (idNumber.length !== 18) return { problem: 'length', count: idNumber.length };
  const parsed = parseResidentId(idNumber, today);
  return parsed.ok ? undefined : { problem: parsed.problem };
}

/** The number a caller can be called back on: a valid mainland number, else none (withheld, anonymous). */
export function callBackNumber(from: string): string | undefined {
  const parsed = phoneNumber.safeParse(nationalNumber(from));
  return parsed.success && parsed.data ? parsed.data : undefined;
}

export function newCall(input: { callSid: string; region: string; from: string; now: Date }): CallState {
  return {
    callSid: input.callSid,
    region: input.region,
    from: input.from,
    language: 'zh',
    node: 'menu',
    seq: 1,
    attempts: 0,
    path: [],
    startedAt: input.now.toISOString(),
  };
}

const menuLines = (entries: MenuEntry[], lang: Language, option: string) =>
  entries.map((e) => fill(option, { label: e.label[lang], key: e.key })).join('，');

/** The line that says what is wrong with a keyed ID number. */
function idProblemLine(problem: KeyedIdProblem, t: LanguagePrompts): string {
  switch (problem.problem) {
    case 'length':
      return fill(t.badIdLength, { count: String(problem.count) });
    case 'address_code':
      return t.badIdAddress;
    case 'birth_date':
      return t.badIdBirthDate;
    case 'check_digit':
      return t.badIdCheckDigit;
    case 'format':
      return t.badId;
  }
}

/** At most this many cases, visits or providers are offered at a complaint step. */
const MAX_CHOICES = 3;

/**
 * The call flow. Given the state, the step's input and the ports, returns the next state and the answer.
 * Side effects happen only at the end of a branch (a request or complaint is made with everything at
 * once), so a caller hanging up mid-flow leaves nothing half-made. Nobody is greeted by name or hears a
 * person's requests on the strength of a calling number or an ID number alone: the caller keys in the code
 * intake texted to the phone on file first.
 */
export class CallFlow {
  constructor(
    private readonly prompts: RegionPrompts,
    private readonly ports: CallPorts,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private t(state: CallState) {
    return this.prompts.text[state.language] ?? this.prompts.text.zh;
  }

  /** The same line in every language of the region, each in its own voice (before a language is chosen). */
  private inEachLanguage(line: (t: LanguagePrompts) => string): Spoken[] {
    return this.prompts.languages.map((language) => ({ text: line(this.prompts.text[language]!), language }));
  }

  /**
   * The first answer of a call: language choice where there are several, else the greeting and menu. The
   * calling number is not looked up: it can be forged, and says nothing of who holds the phone.
   */
  async start(state: CallState): Promise<{ state: CallState; answer: Answer }> {
    if (this.prompts.languages.length > 1) {
      const next = { ...state, node: 'language' as const };
      return { state: next, answer: this.prompt(next) };
    }
    return { state, answer: this.greeting(state) };
  }

  private greeting(state: CallState): Answer {
    const t = this.t(state);
    return { say: [t.welcome, t.menu], then: gather(1) };
  }

  private prompt(state: CallState): Answer {
    const t = this.t(state);
    const lang = state.language;
    switch (state.node) {
      case 'language':
        return { say: this.inEachLanguage((l) => l.choose!), then: gather(1) };
      case 'menu':
        return { say: [t.menu], then: gather(1) };
      case 'id-entry':
        return { say: [t.askId], then: { verb: 'gather', numDigits: 18, finishOnKey: '#', timeoutSeconds: 10 } };
      case 'id-confirm':
        return {
          say: [fill(t.readId, { digits: readIdNumber(state.pendingIdNumber ?? '', t) })],
          then: gather(1),
        };
      case 'code-entry':
        return {
          say: state.intent === 'apply' ? [t.askCode, t.firstTimeHint] : [t.askCode],
          then: { verb: 'gather', numDigits: 6, finishOnKey: '#', timeoutSeconds: 10 },
        };
      case 'apply-item':
        return { say: [t.askItem, menuLines(this.prompts.items, lang, t.option)], then: gather(1) };
      case 'apply-township':
      case 'complaint-township':
      case 'first-township':
        return {
          say: [t.askTownship, menuLines(this.prompts.townships, lang, t.option)],
          then: { verb: 'gather', numDigits: 2, timeoutSeconds: 8 },
        };
      case 'apply-group':
        return { say: [t.askGroup, menuLines(this.prompts.groups, lang, t.option)], then: gather(1) };
      case 'apply-record':
        return { say: [t.askApplyMessage], then: { verb: 'record', maxLengthSeconds: 120 } };
      case 'complaint-topic':
        return { say: [t.askComplaintTopic], then: gather(1) };
      case 'complaint-case':
      case 'complaint-service':
        return {
          say: [
            state.node === 'complaint-case' ? t.askComplaintCase : t.askComplaintService,
            (state.choices ?? []).map((c) => c.label).join('，'),
          ],
          then: gather(1),
        };
      case 'complaint-record':
        return { say: [t.askComplaintMessage], then: { verb: 'record', maxLengthSeconds: 120 } };
      case 'first-name-record':
        return { say: [t.askFirstName], then: { verb: 'record', maxLengthSeconds: 20 } };
      case 'first-need-record':
        return { say: [t.askFirstNeed], then: { verb: 'record', maxLengthSeconds: 120 } };
      case 'visit-dispute-reason':
        return { say: [t.askDisputeReason], then: gather(1) };
      case 'visit-confirm': {
        const visit = state.visitsToConfirm?.[0];
        return {
          say: visit
            ? [
                fill(t.visitToConfirm, {
                  date: spokenDate(visit.scheduledFor, lang),
                  time: spokenTime(visit.checkedInAt, lang),
                  worker: visit.workerDisplayName,
                  item: this.itemName({ itemCode: visit.itemCode }, lang),
                }),
                t.askVisitCode,
              ]
            : [t.noVisitsToConfirm],
          then: { verb: 'gather', finishOnKey: '#', timeoutSeconds: 10 },
        };
      }
      case 'number-read':
        return {
          say: [state.closing ?? '', t.repeatNumber],
          then: { verb: 'gather', numDigits: 1, timeoutSeconds: 5 },
        };
      case 'done':
        return { say: [t.goodbye], then: { verb: 'hangup' } };
    }
  }

  private go(state: CallState, node: CallNode, patch: Partial<CallState> = {}, before: Spoken[] = []) {
    const next: CallState = { ...state, ...patch, node, attempts: 0 };
    const answer = this.prompt(next);
    return { state: next, answer: { ...answer, say: [...before, ...answer.say] } };
  }

  private operator(state: CallState, before: Spoken[] = [], reason: TransferReason = 'asked') {
    const t = this.t(state);
    return {
      state: { ...state, node: 'done' as const, outcome: 'operator' as const, transferReason: reason },
      answer: { say: [...before, t.operator], then: { verb: 'dial' as const, number: this.prompts.operator } },
    };
  }

  /**
   * An invalid or empty answer: say so (`lead`, else "not heard"; null: nothing) and ask again, up to
   * MAX_REPROMPTS times, then an operator. Before a language is chosen, "not heard" is said in each language.
   */
  private retry(state: CallState, lead?: Spoken | null) {
    const attempts = state.attempts + 1;
    if (attempts > MAX_REPROMPTS) return this.operator({ ...state, attempts }, [], 'reprompts');
    const answer = this.prompt(state);
    const leads: Spoken[] =
      lead === null
        ? []
        : lead !== undefined
          ? [lead]
          : state.node === 'language'
            ? this.inEachLanguage((l) => l.invalid)
            : [this.t(state).invalid];
    return { state: { ...state, attempts }, answer: { ...answer, say: [...leads, ...answer.say] } };
  }

  private pick(entries: MenuEntry[], digits: string | undefined) {
    return entries.find((e) => e.key === digits);
  }

  /** Answers one webhook of an ongoing call. */
  async step(state0: CallState, input: StepInput): Promise<{ state: CallState; answer: Answer }> {
    const digits = input.digits?.trim() || undefined;
    const state: CallState = { ...state0, path: [...state0.path, pathEntry(state0.node, input, digits)] };
    const t = this.t(state);
    switch (state.node) {
      case 'language': {
        const lang = this.prompts.languages[Number(digits) - 1];
        if (!digits || !lang) return this.retry(state);
        const next = { ...state, language: lang, node: 'menu' as const, attempts: 0 };
        return { state: next, answer: this.greeting(next) };
      }
      case 'menu':
        return this.menu(state, digits);
      case 'id-entry': {
        if (!digits) return this.retry(state);
        const id = keyedIdNumber(digits);
        const problem = keyedIdProblem(id, this.clock());
        if (problem) return this.retry(state, idProblemLine(problem, t));
        return this.go(state, 'id-confirm', { pendingIdNumber: id });
      }
      case 'id-confirm': {
        // 1 reads the number again, 2 confirms it, 3 keys it again.
        if (digits === '1') return this.retry(state, null);
        if (digits === '3') return this.go(state, 'id-entry', { pendingIdNumber: undefined });
        if (digits !== '2') return this.retry(state);
        const idNumber = state.pendingIdNumber!;
        const confirmed = { ...state, idNumber, pendingIdNumber: undefined };
        let asked: CodeRequest;
        try {
          asked = await this.ports.requestCode({ region: state.region, idNumber, caller: callerOf(state) });
        } catch {
          return this.operator(confirmed, [t.failed], 'failed');
        }
        if (asked === 'too_many') return this.operator(confirmed, [t.tooMany], 'too_many');
        return this.go(confirmed, 'code-entry');
      }
      case 'code-entry': {
        if (digits === '0') return this.operator(state);
        if (digits === '9' && state.intent === 'apply') return this.firstTime(state);
        const code = digits?.replace(/#$/, '');
        if (!code || !/^\d{6}$/.test(code)) return this.retry(state, t.badCode);
        let found: VerifiedLookup;
        try {
          found = await this.ports.lookupByIdNumber({
            region: state.region,
            idNumber: state.idNumber!,
            code,
            caller: callerOf(state),
          });
        } catch {
          return this.operator(state, [t.failed], 'failed');
        }
        if (found.kind === 'too_many') return this.operator(state, [t.tooMany], 'too_many');
        if (found.kind === 'wrong_code') return this.retry(state, t.badCode);
        const { person, requests } = found.lookup;
        const known: CallState = { ...state, requests, ...(person ? { person } : {}) };
        const hello = person ? [fill(t.verified, { name: person.name })] : [];
        if (state.intent === 'status') return this.status(known, hello);
        if (state.intent === 'confirm') return this.readVisitsToConfirm(known, hello);
        if (state.intent === 'complaint') return this.complaintChoices(known, hello);
        if (!person) return this.firstTime(known, [t.unknownPerson]);
        return this.go(known, 'apply-item', {}, hello);
      }
      case 'apply-item': {
        const item = this.pick(this.prompts.items, digits);
        return item ? this.go(state, 'apply-township', { itemCode: item.code }) : this.retry(state);
      }
      case 'apply-township':
      case 'complaint-township':
      case 'first-township': {
        const township = this.pick(this.prompts.townships, digits);
        if (!township) return this.retry(state);
        const next = { 'apply-township': 'apply-group', 'complaint-township': 'complaint-record' } as const;
        return this.go(state, state.node === 'first-township' ? 'first-need-record' : next[state.node], {
          township: township.code,
        });
      }
      case 'apply-group': {
        const group = this.pick(this.prompts.groups, digits);
        return group ? this.go(state, 'apply-record', { group: group.code }) : this.retry(state);
      }
      case 'apply-record': {
        if (!hasRecording(input)) return this.retry(state, t.noRecording);
        try {
          const { caseNumber, caseId, recordingId } = await this.ports.registerRequest({
            callSid: state.callSid,
            region: state.region,
            idNumber: state.idNumber!,
            name: state.person!.name,
            phone: nationalNumber(state.from),
            township: state.township!,
            group: state.group!,
            itemCode: state.itemCode!,
            recordingUrl: input.recordingUrl!,
          });
          const recording: CallRecording | undefined =
            caseId && recordingId ? { service: 'intake', caseId, attachmentId: recordingId } : undefined;
          return this.finish(
            state,
            'applied',
            { caseNumber, ...(recording ? { recording } : {}) },
            fill(t.applied, { number: readOut(caseNumber, t) }),
          );
        } catch {
          return this.operator(state, [t.failed], 'failed');
        }
      }
      case 'complaint-topic': {
        const chosen = complaintTopics.find((c) => c.key === digits);
        if (!chosen) return this.retry(state);
        const withTopic = { ...state, complaintTopic: chosen.topic, attempts: 0 };
        if (chosen.topic === 'township' || chosen.topic === 'other') return this.go(withTopic, 'complaint-township');
        // About their own application or a service they had: who they are first (the code texted to their phone).
        return state.person ? this.complaintChoices(withTopic) : this.go(withTopic, 'id-entry');
      }
      case 'complaint-case':
      case 'complaint-service': {
        const choice = state.choices?.find((c) => c.key === digits);
        if (!choice) return this.retry(state);
        return this.go(state, 'complaint-record', {
          complaintAbout: choice.about,
          complaintDetail: choice.detail,
          choices: undefined,
        });
      }
      case 'complaint-record': {
        if (!hasRecording(input)) return this.retry(state, t.noRecording);
        const topic = complaintTopics.find((c) => c.topic === state.complaintTopic) ?? complaintTopics[3];
        try {
          const { complaintNumber, complaintId, recordingId } = await this.ports.fileComplaint({
            callSid: state.callSid,
            region: state.region,
            type: topic.type,
            about: state.complaintAbout ?? { township: state.township },
            ...(state.complaintDetail ? { detail: state.complaintDetail } : {}),
            phone: nationalNumber(state.from),
            recordingUrl: input.recordingUrl!,
          });
          if (!complaintNumber)
            return {
              state: { ...state, outcome: 'complained' as const, node: 'done' as const, attempts: 0 },
              answer: { say: [t.complaintQueued, t.goodbye], then: { verb: 'hangup' as const } },
            };
          const recording: CallRecording | undefined =
            complaintId && recordingId ? { service: 'complaints', complaintId, attachmentId: recordingId } : undefined;
          return this.finish(
            state,
            'complained',
            { complaintNumber, ...(recording ? { recording } : {}) },
            fill(t.complained, { number: readOut(complaintNumber, t) }),
          );
        } catch {
          return this.operator(state, [t.failed], 'failed');
        }
      }
      case 'first-name-record':
        if (!hasRecording(input)) return this.retry(state, t.noRecording);
        return this.go(state, 'first-township', { nameRecordingUrl: input.recordingUrl });
      case 'first-need-record': {
        if (!hasRecording(input)) return this.retry(state, t.noRecording);
        try {
          const { applicationNumber } = await this.ports.applyPendingIdentity({
            callSid: state.callSid,
            region: state.region,
            phone: callBackNumber(state.from)!,
            township: state.township!,
            nameRecordingUrl: state.nameRecordingUrl!,
            needRecordingUrl: input.recordingUrl!,
          });
          return this.finish(
            state,
            'applied',
            { applicationNumber },
            fill(t.firstApplied, { number: readOut(applicationNumber, t) }),
          );
        } catch {
          return this.operator(state, [t.failed], 'failed');
        }
      }
      case 'visit-confirm':
        return this.confirmVisit(state, digits);
      case 'visit-dispute-reason':
        return this.disputeVisit(state, digits);
      case 'number-read': {
        if (digits === '1' && state.attempts < MAX_REPROMPTS)
          return { state: { ...state, attempts: state.attempts + 1 }, answer: this.prompt(state) };
        return { state: { ...state, node: 'done' as const }, answer: { say: [t.goodbye], then: { verb: 'hangup' } } };
      }
      case 'done':
        return { state, answer: this.prompt(state) };
    }
  }

  /** The request or complaint is made: its number is read out, and read again on 1. */
  private finish(state: CallState, outcome: CallOutcome, patch: Partial<CallState>, line: string) {
    return this.go({ ...state, ...patch, outcome, closing: line }, 'number-read');
  }

  /**
   * A caller not on file applies: their name and need as recordings, the township, and the number they call
   * from, which the township calls back to complete who they are. Nothing of the ID number they keyed is kept.
   * A caller whose number is withheld cannot be called back: an operator takes the application.
   */
  private firstTime(state: CallState, before: Spoken[] = []) {
    const t = this.t(state);
    const cleared = { ...state, idNumber: undefined, pendingIdNumber: undefined };
    if (!callBackNumber(state.from)) return this.operator(cleared, [...before, t.noCallBackNumber], 'unknown_person');
    return this.go(cleared, 'first-name-record', {}, before);
  }

  /**
   * What the caller's complaint is about, once they are known: for their application, which one (when several);
   * for a provider or worker, which recent visit, else which provider their items were referred to. Without any,
   * they say so and name the township instead.
   */
  private complaintChoices(state: CallState, before: Spoken[] = []) {
    const t = this.t(state);
    const lang = state.language;
    const requests = state.requests ?? [];
    const offer = (node: 'complaint-case' | 'complaint-service', choices: ComplaintChoice[]) =>
      this.go(state, node, { choices: choices.slice(0, MAX_CHOICES) }, before);
    const key = (i: number) => String(i + 1);
    if (state.complaintTopic === 'application') {
      if (requests.length === 0) return this.go(state, 'complaint-township', {}, [...before, t.noRequests]);
      if (requests.length === 1)
        return this.go(state, 'complaint-record', { complaintAbout: { caseNumber: requests[0]!.caseNumber } }, before);
      return offer(
        'complaint-case',
        requests.slice(0, MAX_CHOICES).map((r, i) => ({
          key: key(i),
          about: { caseNumber: r.caseNumber },
          label: fill(t.caseOption, {
            date: spokenDate(r.registeredAt, lang),
            items: r.items.map((item) => this.itemName(item, lang)).join('、'),
            key: key(i),
          }),
        })),
      );
    }
    const visits = requests
      .flatMap((r) => (r.recentVisits ?? []).map((v) => ({ ...v, caseNumber: r.caseNumber })))
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, MAX_CHOICES);
    if (visits.length > 0)
      return offer(
        'complaint-service',
        visits.map((v, i) => ({
          key: key(i),
          about: { caseNumber: v.caseNumber, providerId: v.providerId, workerId: v.workerId, visitId: v.visitId },
          detail: `服务记录 ${v.visitId}（${spokenDate(v.at, 'zh')}，${this.itemName({ itemCode: v.itemCode }, 'zh')}）`,
          label: fill(t.visitOption, {
            date: spokenDate(v.at, lang),
            item: this.itemName({ itemCode: v.itemCode }, lang),
            key: key(i),
          }),
        })),
      );
    const providers = requests
      .flatMap((r) => (r.providers ?? []).map((p) => ({ ...p, caseNumber: r.caseNumber })))
      .sort((a, b) => b.referredAt.localeCompare(a.referredAt))
      .slice(0, MAX_CHOICES);
    if (providers.length > 0)
      return offer(
        'complaint-service',
        providers.map((p, i) => ({
          key: key(i),
          about: { caseNumber: p.caseNumber, providerId: p.providerId },
          detail: `${this.itemName({ itemCode: p.itemCode }, 'zh')}的服务机构`,
          label: fill(t.providerOption, { item: this.itemName({ itemCode: p.itemCode }, lang), key: key(i) }),
        })),
      );
    return this.go(state, 'complaint-township', {}, [...before, t.noServices]);
  }

  /**
   * The visits of the caller's cases awaiting their confirmation, read one at a time (after `before`); none: the
   * caller hears so and the menu again. provider-scheduling not answering sends the caller to an operator.
   */
  private async readVisitsToConfirm(state: CallState, before: Spoken[] = []) {
    const t = this.t(state);
    const caseIds = (state.requests ?? []).map((r) => r.caseId);
    let visits: VisitToConfirm[];
    try {
      visits = await visitsToConfirm(state.region, caseIds, this.ports);
    } catch {
      return this.operator(state, [...before, t.failed], 'failed');
    }
    // The caller heard where their visits stand (the call record's outcome for it).
    const heard = { ...state, outcome: 'status_read' as const };
    if (visits.length === 0) return this.go(heard, 'menu', {}, [...before, t.noVisitsToConfirm]);
    return this.go(heard, 'visit-confirm', { visitsToConfirm: visits }, before);
  }

  /** After a visit was settled (`line` says how): the next visit to confirm, or the menu when none is left. */
  private nextVisit(state: CallState, rest: VisitToConfirm[], line: string) {
    return rest.length > 0
      ? this.go(state, 'visit-confirm', { visitsToConfirm: rest }, [line])
      : this.go(state, 'menu', { visitsToConfirm: undefined }, [line]);
  }

  /**
   * Why the visit being read did not happen as recorded (a key of DISPUTE_REASONS, after 9): the visit is disputed
   * with that reason, then the next visit is read (or the menu). 0 asks for an operator; another key asks again.
   */
  private async disputeVisit(state: CallState, digits: string | undefined) {
    const t = this.t(state);
    const [visit, ...rest] = state.visitsToConfirm ?? [];
    if (!visit) return this.go(state, 'menu');
    if (digits?.replace(/#$/, '') === '0') return this.operator(state);
    const reason = disputeReasonOf(digits);
    if (!reason) return this.retry(state);
    try {
      const disputed = await this.ports.disputeVisit({ region: state.region, visitId: visit.visitId, reason });
      return this.nextVisit(state, rest, disputed.kind === 'disputed' ? t.visitDisputed : t.visitClosed);
    } catch {
      return this.operator(state, [t.failed], 'failed');
    }
  }

  /**
   * The caller's answer about the visit being read: six digits (then #) are its code, 9 says it did not happen (the
   * reason is asked next), 0 asks for an operator. A wrong code says how many tries are left and asks again; the last wrong one, a
   * confirmation already closed, a confirmed or disputed visit move on to the next visit (or the menu).
   */
  private async confirmVisit(state: CallState, digits: string | undefined) {
    const t = this.t(state);
    const [visit, ...rest] = state.visitsToConfirm ?? [];
    if (!visit) return this.go(state, 'menu');
    const next = (line: string) => this.nextVisit(state, rest, line);
    const entered = digits?.replace(/#$/, '');
    if (entered === '0') return this.operator(state);
    // The township needs to know what went wrong: the reason is asked for before the dispute is made.
    if (entered === DISPUTE_KEY) return this.go(state, 'visit-dispute-reason');
    try {
      const code = keyedVisitCode(digits);
      if (!code) return this.retry(state, t.badVisitCode);
      const outcome = await this.ports.confirmVisit({ region: state.region, visitId: visit.visitId, code });
      switch (outcome.kind) {
        case 'verified':
          return next(t.visitConfirmed);
        case 'wrong_code_limit':
          return next(t.visitCodeLimit);
        case 'confirmation_closed':
          return next(t.visitClosed);
        case 'wrong_code':
          return this.go(
            state,
            'visit-confirm',
            { visitsToConfirm: [{ ...visit, attemptsLeft: outcome.attemptsLeft }, ...rest] },
            [fill(t.visitWrongCode, { left: String(outcome.attemptsLeft) })],
          );
      }
    } catch {
      return this.operator(state, [t.failed], 'failed');
    }
  }

  private menu(state: CallState, digits: string | undefined) {
    switch (digits) {
      case '1':
        return this.go(state, 'id-entry', { intent: 'apply' });
      case '2':
        return this.go(state, 'complaint-topic', { intent: 'complaint' });
      case '3':
        return state.person
          ? this.status({ ...state, intent: 'status' })
          : this.go(state, 'id-entry', { intent: 'status' });
      case '4':
        return state.person
          ? this.readVisitsToConfirm({ ...state, intent: 'confirm' })
          : this.go(state, 'id-entry', { intent: 'confirm' });
      case '0':
        return this.operator(state);
      default:
        return this.retry(state);
    }
  }

  private itemName(item: RequestSummary['items'][number], lang: Language): string {
    const fromPrompts = this.prompts.items.find((m) => m.code === item.itemCode)?.label[lang];
    if (fromPrompts) return fromPrompts;
    return typeof item.name === 'string' ? item.name : (item.name?.zh ?? item.itemCode);
  }

  /** Reads the caller's latest requests in plain words (after `before`), then offers the menu again. */
  private status(state: CallState, before: Spoken[] = []) {
    const t = this.t(state);
    const lang = state.language;
    const lines = (state.requests ?? []).slice(0, 3).map((r) =>
      fill(t.statusLine, {
        date: spokenDate(r.registeredAt, lang),
        items: r.items.map((i) => this.itemName(i, lang)).join('、'),
        status: (lang === 'ug' ? r.status.ug : undefined) ?? r.status.zh,
      }),
    );
    return this.go({ ...state, outcome: 'status_read' }, 'menu', {}, [
      ...before,
      ...(lines.length > 0 ? lines : [t.noRequests]),
    ]);
  }
}

const hasRecording = (input: StepInput) => Boolean(input.recordingUrl) && (input.recordingDurationSeconds ?? 1) >= 1;

/**
 * A step as the call record keeps it: `node:input`; an ID number or a code keyed in is recorded as `keyed`,
 * never its digits.
 */
export function pathEntry(node: CallNode, input: StepInput, digits: string | undefined): string {
  if (input.recordingUrl) return `${node}:recording`;
  if ((node === 'id-entry' || node === 'code-entry') && digits) return `${node}:keyed`;
  // A visit's one-time code is never kept; 9 (dispute) and 0 (operator) are.
  if (node === 'visit-confirm' && digits && !['9', '9#', '0', '0#'].includes(digits)) return `${node}:keyed`;
  return `${node}:${digits ?? 'none'}`;
}

function gather(numDigits: number): Answer['then'] {
  return { verb: 'gather', numDigits, timeoutSeconds: 6 };
}

/** 11月25日 / 11-25 — the day in China time, as a person would say it. */
export function spokenDate(iso: string, lang: Language): string {
  const [, m, d] = chinaDate(new Date(iso)).split('-').map(Number) as [number, number, number];
  return lang === 'zh' ? `${m}月${d}日` : `${m}-${d}`;
}
