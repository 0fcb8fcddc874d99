import { DeadLetter, decodedOf, type Step } from './consumer-step';

/** Checks the payload against its versioned schema (else a dead letter); the steps within see the parsed data. */
export const validatePayload: Step = async (delivery, next) => {
  const { event, definition } = decodedOf(delivery);
  const data = definition.schema.safeParse(event.data);
  if (!data.success) throw new DeadLetter('invalid_payload', data.error.message);
  delivery.decoded = { event: { ...event, data: data.data }, definition };
  await next();
};
