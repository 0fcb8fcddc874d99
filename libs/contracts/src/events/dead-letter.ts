import { z } from 'zod';
import { defineEvent } from '../envelope';
import { isoDateTime } from '../values';

export const MessageDeadLettered = defineEvent(
  'message.deadlettered.v1',
  z.object({
    topic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
    consumerGroup: z.string(),
    key: z.string().nullable(),
    /** The original message value as received (UTF-8), so it can be inspected and re-driven. */
    value: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    /**
     * Why: the value is not a CloudEvent, its type is not carried by the topic, its payload breaks its schema,
     * the handler kept failing (`handler_failed`, after retries), or the handler refused it with a domain
     * error (`rejected`, at once: retrying a refusal cannot change the answer).
     */
    reason: z.enum(['invalid_envelope', 'unknown_event_type', 'invalid_payload', 'handler_failed', 'rejected']),
    error: z.string(),
    /** The refusal's machine-readable code (`DomainError.code`) when the reason is `rejected`. */
    code: z.string().optional(),
    attempts: z.number().int().nonnegative(),
    failedAt: isoDateTime,
  }),
  'A consumer gave up on a message (poison or failed after retries); it is kept here with the reason.',
);
