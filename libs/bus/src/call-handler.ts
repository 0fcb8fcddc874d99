import { decodedOf, type Step } from './consumer-step';

/** The last step: hands the checked event to the subscription's handler for its type. */
export const callHandler: Step = async (delivery) => {
  const { event } = decodedOf(delivery);
  const handler = delivery.subscription.handlers[event.type];
  if (!handler) throw new Error(`step order: no handler for ${event.type}; the decode step passes such types over`);
  await handler(event, {
    topic: delivery.topic,
    partition: delivery.partition,
    offset: delivery.message.offset,
    headers: delivery.headers,
  });
  delivery.outcome = 'handled';
};
