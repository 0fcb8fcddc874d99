import { contextFromHeaders, inSpan, SpanKind } from '@carelink/telemetry';
import { decodedOf, type Step } from './consumer-step';

/** Runs the steps within in a consumer span, child of the publisher's trace (the `traceparent` header). */
export const consumerSpan: Step = (delivery, next) => {
  const { event } = decodedOf(delivery);
  return inSpan(
    `${delivery.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromHeaders(delivery.headers),
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': delivery.topic,
        'cloudevents.event_id': event.id,
        'cloudevents.event_type': event.type,
      },
    },
    () => next(),
  );
};
