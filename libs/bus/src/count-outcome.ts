import type { ServiceMetrics } from '@carelink/telemetry';
import type { Step } from './consumer-step';

/** Counts each message by what became of it (handled, duplicate, dead_lettered) once the steps within are done. */
export function countOutcome(metrics: ServiceMetrics | undefined): Step {
  return async (delivery, next) => {
    await next();
    if (!delivery.outcome) return; // passed over: a type this group does not act on
    metrics?.eventsConsumed.inc({
      topic: delivery.topic,
      type: delivery.decoded?.event.type ?? 'unknown',
      group: delivery.group,
      outcome: delivery.outcome,
    });
  };
}
