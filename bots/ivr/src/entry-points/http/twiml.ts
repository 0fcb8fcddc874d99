import twilio from 'twilio';
import type { Answer } from '../../domain/call-flow';

type SayLanguage = Parameters<InstanceType<typeof twilio.twiml.VoiceResponse>['say']>[0] extends infer A
  ? A extends { language?: infer L }
    ? L
    : never
  : never;

/** Renders a provider-neutral answer as TwiML (Say, Gather, Record, Dial, Hangup) with the twilio library. */
export function renderTwiml(answer: Answer, opts: { language: string; action: string }): string {
  const response = new twilio.twiml.VoiceResponse();
  const language = opts.language as SayLanguage;
  const then = answer.then;
  if (then.verb === 'gather') {
    const gather = response.gather({
      action: opts.action,
      method: 'POST',
      input: ['dtmf'],
      numDigits: then.numDigits,
      finishOnKey: then.finishOnKey ?? '',
      timeout: then.timeoutSeconds,
      actionOnEmptyResult: true,
    });
    for (const line of answer.say) gather.say({ language }, line);
    return response.toString();
  }
  for (const line of answer.say) response.say({ language }, line);
  if (then.verb === 'record')
    response.record({
      action: opts.action,
      method: 'POST',
      maxLength: then.maxLengthSeconds,
      finishOnKey: '#',
      playBeep: true,
      timeout: 5,
    });
  else if (then.verb === 'dial') response.dial(then.number);
  else response.hangup();
  return response.toString();
}
