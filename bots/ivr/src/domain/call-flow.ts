import { parseResidentId } from '@carelink/contracts';
import { chinaDate } from '@carelink/policy';
import { fill, readOut, type Language, type MenuEntry, type RegionPrompts } from './prompts';

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
  | 'complaint-township'
  | 'complaint-record'
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
  | { service: 'intake'; caseId: string; attachmentId: string };

export interface KnownPerson {
  personId: string;
  name: string;
}

export interface RequestSummary {
  caseId: string;
  caseNumber: string;
  registeredAt: string;
  /** Intake gives the catalogue name (zh/en) where the item is known. */
  items: { itemCode: string; name?: string | { zh: string; en?: string } }[];
  status: { code: string; zh: string; ug?: string; en?: string };
}

export interface Lookup {
  person: KnownPerson | null;
  requests: RequestSummary[];
}

/** Asking intake to text a one-time code to the phone on file: asked, or refused as too frequent. */
export type CodeRequest = 'sent' | 'too_many';

/** A look-up with the code the caller keyed in: found, the code refused, or too many look-ups. */
export type VerifiedLookup = { kind: 'found'; lookup: Lookup } | { kind: 'wrong_code' } | { kind: 'too_many' };

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
  intent?: 'apply' | 'complaint' | 'status';
  /** Known once the caller keyed in the code texted to the phone on file of the ID number they gave. */
  person?: KnownPerson;
  requests?: RequestSummary[];
  /** Keyed in, waiting for confirmation / confirmed. */
  pendingIdNumber?: string;
  idNumber?: string;
  itemCode?: string;
  township?: string;
  group?: string;
  /** Path through the menu, for the call record: `node:input` per step. */
  path: string[];
  outcome?: CallOutcome;
  /** Why the call went to an operator (outcome `operator`). */
  transferReason?: TransferReason;
  caseNumber?: string;
  complaintNumber?: string;
  /** The recording the caller left, where the service that keeps it said where. */
  recording?: CallRecording;
  startedAt: string;
}

/** A provider-neutral answer: things to say, then one of gather / record / dial / hangup. */
export interface Answer {
  say: string[];
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
export interface CallPorts {
  /** Texts a one-time code to the phone on file of the person the ID number stands for (if there is one). */
  requestCode(input: { region: string; idNumber: string; caller: string }): Promise<CodeRequest>;
  /** The person's latest requests, for the code the caller keyed in. */
  lookupByIdNumber(input: { region: string; idNumber: string; code: string; caller: string }): Promise<VerifiedLookup>;
  registerRequest(input: {
    region: string;
    idNumber: string;
    name: string;
    phone: string;
    township: string;
    group: string;
    itemCode: string;
    recordingUrl: string;
  }): Promise<{ caseNumber: string; caseId?: string; recordingId?: string }>;
  fileComplaint(input: {
    /** The provider's call id: one complaint per call, however often it is submitted. */
    callSid: string;
    region: string;
    about: { caseNumber?: string; township?: string };
    phone: string;
    recordingUrl: string;
  }): Promise<{ complaintNumber: string; complaintId?: string; recordingId?: string }>;
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
  ) {}

  private t(state: CallState) {
    return this.prompts.text[state.language] ?? this.prompts.text.zh;
  }

  /**
   * The first answer of a call: language choice where there are several, else the greeting and menu. The
   * calling number is not looked up: it can be forged, and says nothing of who holds the phone.
   */
  async start(state: CallState): Promise<{ state: CallState; answer: Answer }> {
    if (this.prompts.languages.length > 1) {
      const say = this.prompts.languages.map((l) => this.prompts.text[l]!.choose!).join(' ');
      return { state: { ...state, node: 'language' }, answer: { say: [say], then: gather(1) } };
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
        return { say: this.prompts.languages.map((l) => this.prompts.text[l]!.choose!), then: gather(1) };
      case 'menu':
        return { say: [t.menu], then: gather(1) };
      case 'id-entry':
        return { say: [t.askId], then: { verb: 'gather', numDigits: 18, finishOnKey: '#', timeoutSeconds: 10 } };
      case 'id-confirm':
        return {
          say: [fill(t.readId, { digits: readOut(state.pendingIdNumber ?? '', t) })],
          then: gather(1),
        };
      case 'code-entry':
        // The text may take a little while to arrive.
        return { say: [t.askCode], then: { verb: 'gather', numDigits: 6, finishOnKey: '#', timeoutSeconds: 20 } };
      case 'apply-item':
        return { say: [t.askItem, menuLines(this.prompts.items, lang, t.option)], then: gather(1) };
      case 'apply-township':
      case 'complaint-township':
        return { say: [t.askTownship, menuLines(this.prompts.townships, lang, t.option)], then: gather(2) };
      case 'apply-group':
        return { say: [t.askGroup, menuLines(this.prompts.groups, lang, t.option)], then: gather(1) };
      case 'apply-record':
        return { say: [t.askApplyMessage], then: { verb: 'record', maxLengthSeconds: 120 } };
      case 'complaint-record':
        return { say: [t.askComplaintMessage], then: { verb: 'record', maxLengthSeconds: 120 } };
      case 'done':
        return { say: [t.goodbye], then: { verb: 'hangup' } };
    }
  }

  private go(state: CallState, node: CallNode, patch: Partial<CallState> = {}, before: string[] = []) {
    const next: CallState = { ...state, ...patch, node, attempts: 0 };
    const answer = this.prompt(next);
    return { state: next, answer: { ...answer, say: [...before, ...answer.say] } };
  }

  private operator(state: CallState, before: string[] = [], reason: TransferReason = 'asked') {
    const t = this.t(state);
    return {
      state: { ...state, node: 'done' as const, outcome: 'operator' as const, transferReason: reason },
      answer: { say: [...before, t.operator], then: { verb: 'dial' as const, number: this.prompts.operator } },
    };
  }

  /** An invalid or empty answer: say so and ask again, up to MAX_REPROMPTS times, then an operator. */
  private retry(state: CallState, lead?: string) {
    const t = this.t(state);
    const attempts = state.attempts + 1;
    if (attempts > MAX_REPROMPTS) return this.operator({ ...state, attempts }, [], 'reprompts');
    const answer = this.prompt(state);
    return { state: { ...state, attempts }, answer: { ...answer, say: [lead ?? t.invalid, ...answer.say] } };
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
        if (!parseResidentId(id).ok) return this.retry(state, t.badId);
        return this.go(state, 'id-confirm', { pendingIdNumber: id });
      }
      case 'id-confirm': {
        if (digits === '2') return this.go(state, 'id-entry', { pendingIdNumber: undefined });
        if (digits !== '1') return this.retry(state);
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
        if (!person) return this.operator(known, [t.unknownPerson], 'unknown_person');
        return this.go(known, 'apply-item', {}, hello);
      }
      case 'apply-item': {
        const item = this.pick(this.prompts.items, digits);
        return item ? this.go(state, 'apply-township', { itemCode: item.code }) : this.retry(state);
      }
      case 'apply-township':
      case 'complaint-township': {
        const township = this.pick(this.prompts.townships, digits);
        if (!township) return this.retry(state);
        return this.go(state, state.node === 'apply-township' ? 'apply-group' : 'complaint-record', {
          township: township.code,
        });
      }
      case 'apply-group': {
        const group = this.pick(this.prompts.groups, digits);
        return group ? this.go(state, 'apply-record', { group: group.code }) : this.retry(state);
      }
      case 'apply-record': {
        if (!input.recordingUrl || (input.recordingDurationSeconds ?? 1) < 1) return this.retry(state, t.noRecording);
        try {
          const { caseNumber, caseId, recordingId } = await this.ports.registerRequest({
            region: state.region,
            idNumber: state.idNumber!,
            name: state.person!.name,
            phone: nationalNumber(state.from),
            township: state.township!,
            group: state.group!,
            itemCode: state.itemCode!,
            recordingUrl: input.recordingUrl,
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
      case 'complaint-record': {
        if (!input.recordingUrl || (input.recordingDurationSeconds ?? 1) < 1) return this.retry(state, t.noRecording);
        const latest = state.requests?.[0];
        try {
          const { complaintNumber, complaintId, recordingId } = await this.ports.fileComplaint({
            callSid: state.callSid,
            region: state.region,
            about: latest && !state.township ? { caseNumber: latest.caseNumber } : { township: state.township },
            phone: nationalNumber(state.from),
            recordingUrl: input.recordingUrl,
          });
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
      case 'done':
        return { state, answer: this.prompt(state) };
    }
  }

  private finish(state: CallState, outcome: CallOutcome, patch: Partial<CallState>, line: string) {
    const t = this.t(state);
    return {
      state: { ...state, ...patch, outcome, node: 'done' as const, attempts: 0 },
      answer: { say: [line, t.goodbye], then: { verb: 'hangup' as const } },
    };
  }

  private menu(state: CallState, digits: string | undefined) {
    switch (digits) {
      case '1':
        return this.go(state, 'id-entry', { intent: 'apply' });
      case '2':
        return state.requests?.length
          ? this.go(state, 'complaint-record', { intent: 'complaint' })
          : this.go(state, 'complaint-township', { intent: 'complaint' });
      case '3':
        return state.person
          ? this.status({ ...state, intent: 'status' })
          : this.go(state, 'id-entry', { intent: 'status' });
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
  private status(state: CallState, before: string[] = []) {
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

/**
 * A step as the call record keeps it: `node:input`; an ID number or a code keyed in is recorded as `keyed`,
 * never its digits.
 */
export function pathEntry(node: CallNode, input: StepInput, digits: string | undefined): string {
  if (input.recordingUrl) return `${node}:recording`;
  if ((node === 'id-entry' || node === 'code-entry') && digits) return `${node}:keyed`;
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
