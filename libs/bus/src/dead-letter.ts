import { buildEvent, MessageDeadLettered, type EventOf } from '@carelink/contracts';
import { context, contextFromHeaders, type ServiceMetrics } from '@carelink/telemetry';
import { DeadLetter, type Step } from './consumer-step';

export interface DeadLetterOptions {
  /** Publishes to the dead-letter topic. */
  publish: (event: EventOf<typeof MessageDeadLettered>) => Promise<void>;
  /** The CloudEvents source of the dead-letter events, e.g. `/carelink/referral`. */
  source: string;
  metrics?: ServiceMetrics;
}

/**
 * Parks a message a step within gave up on (a DeadLetter) on the dead-letter topic with the reason, in the
 * publisher's trace; the message then counts as done, so the partition moves on. Any other error is an
 * infrastructure failure (the inbox's store away, the broker unreachable): it goes up, and kafkajs
 * fetches the batch again.
 */
export function deadLetterTo({ publish, source, metrics }: DeadLetterOptions): Step {
  return async (delivery, next) => {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof DeadLetter)) throw err;
      const { topic, partition, message, headers, group } = delivery;
      const key = message.key?.toString('utf8') ?? null;
      await context.with(contextFromHeaders(headers), () =>
        publish(
          buildEvent(MessageDeadLettered, {
            source,
            key: key ?? `${topic}-${partition}`,
            data: {
              topic,
              partition,
              offset: message.offset,
              consumerGroup: group,
              key,
              value: message.value?.toString('utf8') ?? null,
              headers,
              reason: err.reason,
              error: err.message,
              ...(err.code === undefined ? {} : { code: err.code }),
              attempts: err.attempts,
              failedAt: new Date().toISOString(),
            },
          }),
        ),
      );
      delivery.outcome = 'dead_lettered';
      metrics?.deadLetters.inc({ topic, group, reason: err.reason });
      delivery.log.error(
        {
          reason: err.reason,
          error: err.message,
          code: err.code,
          attempts: err.attempts,
          type: delivery.decoded?.event.type,
        },
        'message sent to the dead-letter topic',
      );
    }
  };
}
