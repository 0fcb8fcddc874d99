import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/** CloudEvents 1.0 structured-mode JSON envelope (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md). */
export const cloudEventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(/^[a-z]+(-[a-z]+)*(\.[a-z-]+)+\.v\d+$/, 'type is <entity>.<past-tense>.v<N>'),
  subject: z.string().min(1).optional(),
  time: z.string().datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  /** CloudEvents partitioning extension: the Kafka key (the case id). */
  partitionkey: z.string().min(1),
  /** CloudEvents distributed-tracing extension (W3C traceparent of the cause). */
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
  data: z.unknown(),
});
export type CloudEventEnvelope = z.infer<typeof cloudEventEnvelope>;

export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  type: TType;
  schema: TSchema;
  description: string;
}

/** Declares an event type once: its CloudEvents `type` and the zod schema of its `data`. */
export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  type: TType,
  schema: TSchema,
  description: string,
): EventDefinition<TType, TSchema> {
  return { type, schema, description };
}

export type EventData<D extends EventDefinition> = z.infer<D['schema']>;
/** What a producer passes in: defaults (e.g. empty lists) may be left out. */
export type EventInput<D extends EventDefinition> = z.input<D['schema']>;

export interface CloudEvent<TType extends string = string, TData = unknown> extends Omit<
  CloudEventEnvelope,
  'type' | 'data'
> {
  type: TType;
  data: TData;
}

export type EventOf<D extends EventDefinition> = CloudEvent<D['type'], EventData<D>>;

const NAMESPACE = '6f1b8c1e-5d0a-4d43-9a57-3c0f3b3a7c11';

/**
 * An event id derived from what caused it, so that running the same handler twice yields the same id
 * and consumers (which dedupe by id) see one event.
 */
export function derivedEventId(...parts: string[]): string {
  return uuidv5(parts.join('|'), NAMESPACE);
}

export interface NewEvent<D extends EventDefinition> {
  source: string;
  key: string;
  data: EventInput<D>;
  subject?: string;
  id?: string;
  time?: Date;
  traceparent?: string;
}

/** Builds a validated envelope; throws (a programming error) when data does not match the schema. */
export function buildEvent<D extends EventDefinition>(definition: D, init: NewEvent<D>): EventOf<D> {
  const data = definition.schema.parse(init.data) as EventData<D>;
  const event: EventOf<D> = {
    specversion: '1.0',
    id: init.id ?? uuidv7(),
    source: init.source,
    type: definition.type,
    subject: init.subject ?? init.key,
    time: (init.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    partitionkey: init.key,
    data,
  };
  if (init.traceparent) event.traceparent = init.traceparent;
  return event;
}
