import { cloudEventEnvelope } from '@carelink/contracts';
import { DeadLetter, type Step } from './consumer-step';

/**
 * Reads the message as a CloudEvent of a type its topic carries (else a dead letter). A type this group
 * does not act on stops here: its payload is not even validated.
 */
export const decodeEnvelope: Step = async (delivery, next) => {
  let json: unknown;
  try {
    json = JSON.parse(delivery.message.value?.toString('utf8') ?? '');
  } catch {
    throw new DeadLetter('invalid_envelope', 'message value is not JSON');
  }
  const envelope = cloudEventEnvelope.safeParse(json);
  if (!envelope.success) throw new DeadLetter('invalid_envelope', envelope.error.message);
  const { topic, handlers } = delivery.subscription;
  const definition = topic.events.find((d) => d.type === envelope.data.type);
  if (!definition)
    throw new DeadLetter('unknown_event_type', `event type ${envelope.data.type} is not carried by ${topic.name}`);
  if (!handlers[definition.type]) return;
  delivery.decoded = { event: envelope.data, definition };
  await next();
};
