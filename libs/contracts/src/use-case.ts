import { v7 as uuidv7 } from 'uuid';
import { derivedEventId, type CloudEvent, type EventDefinition, type EventInput } from './envelope';
import type { departmentReferralsTopic, TopicDefinition, TopicEvent, TopicKey, Topics } from './topics';

/**
 * An event a use case decided on, bound to the topic that carries it: `draft(topics.visits, CaseOpened, …)`
 * does not compile, because `carelink.scheduling.visits.v1` does not carry `case.opened.v1`. The data is
 * checked against the event's schema here, so a decide function's unit test catches a bad payload. The
 * commit port stamps the rest (id unless given, source, time, traceparent) when it writes the outbox.
 */
export interface EventDraft<T extends TopicDefinition = TopicDefinition> {
  readonly topic: T;
  readonly definition: EventDefinition;
  readonly type: string;
  readonly key: string;
  readonly data: unknown;
  readonly subject?: string;
  /** A derived id (see `derivedEventId`) when a retry must yield the same event; else a new one is made. */
  readonly id?: string;
}

export function draft<T extends TopicDefinition, D extends T['events'][number]>(
  topic: T,
  definition: D,
  init: { key: string; data: EventInput<D>; subject?: string; id?: string },
): EventDraft<T> {
  return {
    topic,
    definition,
    type: definition.type,
    key: init.key,
    data: definition.schema.parse(init.data),
    ...(init.subject ? { subject: init.subject } : {}),
    ...(init.id ? { id: init.id } : {}),
  };
}

/** An event with its envelope complete, on the topic that carries it: what goes into an outbox. */
export interface Publication<T extends TopicDefinition = TopicDefinition> {
  topic: T;
  event: TopicEvent<T>;
}

/**
 * A publication on any topic of the registry, each event type only on a topic that carries it:
 * `{ topic: topics.visits, event: caseOpened }` does not compile.
 */
export type AnyPublication =
  { [K in TopicKey]: Publication<Topics[K]> }[TopicKey] | Publication<ReturnType<typeof departmentReferralsTopic>>;

/** What the commit port adds to every draft. */
export interface Stamp {
  source: string;
  time: Date;
  traceparent?: string;
  newId: () => string;
}

export function stamp<T extends TopicDefinition>(d: EventDraft<T>, s: Stamp): Publication<T> {
  // The draft's data was parsed against its definition, which its topic carries (see `draft`).
  const event: CloudEvent = {
    specversion: '1.0',
    id: d.id ?? s.newId(),
    source: s.source,
    type: d.type,
    subject: d.subject ?? d.key,
    time: s.time.toISOString(),
    datacontenttype: 'application/json',
    partitionkey: d.key,
    data: d.data,
  };
  if (s.traceparent) event.traceparent = s.traceparent;
  return { topic: d.topic, event: event as TopicEvent<T> };
}

/**
 * What every use case is given besides its state and command: the clock read once (every date a decision
 * writes is this `now`), and ids. Services add their own (the policy packs) through the commit port.
 */
export interface UseCaseContext {
  now: Date;
  /** A new time-ordered id (UUIDv7). */
  newId: () => string;
  /** An id derived from what caused it, the same on every retry (UUIDv5). */
  derivedId: (...parts: string[]) => string;
}

export function useCaseContext(now: Date = new Date()): UseCaseContext {
  return { now, newId: () => uuidv7(), derivedId: (...parts) => derivedEventId(...parts) };
}

/**
 * What a decide function returns: the new state (left out when unchanged), the events it causes (written
 * with the state in one update), and what the caller is answered. A decision that changes nothing and
 * causes nothing writes nothing.
 */
export interface Decision<S, R = void> {
  state?: S;
  events?: EventDraft[];
  result?: R;
}

/**
 * One kind of record as its use cases change it: `commit` hands `decide` the record as stored (undefined:
 * none yet) and writes the state and events it decides on in one step. The domain's handlers take this;
 * data-access binds it to the commit port (`CommitPort.bind(mapping)`), so no domain file knows the store.
 */
export interface Commits<S, X extends object = object> {
  commit<R>(
    id: string,
    decide: (current: S | undefined, ctx: UseCaseContext & X) => Decision<S, R> | Promise<Decision<S, R>>,
  ): Promise<R>;
}

/** A decide function: pure, given the current state (undefined: none yet), the command and the context. */
export type Decide<S, C, R = void, X = object> = (
  current: S | undefined,
  command: C,
  ctx: UseCaseContext & X,
) => Decision<S, R>;
