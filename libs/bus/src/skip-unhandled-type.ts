import type { Step } from './consumer-step';

/**
 * Passes over, unparsed, a message whose `ce_type` header (CloudEvents Kafka binding) names a type the
 * topic carries but this group does not act on. A type the topic does not carry goes on, to be dead-lettered.
 */
export const skipUnhandledType: Step = async (delivery, next) => {
  const type = delivery.headers.ce_type;
  const { topic, handlers } = delivery.subscription;
  if (type && !handlers[type] && topic.events.some((d) => d.type === type)) return;
  await next();
};
