import twilio from 'twilio';
import type { Answer, Spoken } from '../../domain/call-flow';
import type { Language } from '../../domain/prompts';

type SayLanguage = Parameters<InstanceType<typeof twilio.twiml.VoiceResponse>['say']>[0] extends infer A
  ? A extends { language?: infer L }
    ? L
    : never
  : never;

export interface TwimlOptions {
  /** The text-to-speech language of the call's own lines (the prompts' `say` of the call's language). */
  language: string;
  /** The text-to-speech language of each of the region's languages, for lines in a language of their own. */
  voices?: Partial<Record<Language, string>>;
  action: string;
}

/**
 * Renders a provider-neutral answer as TwiML (Say, Gather, Record, Dial, Hangup) with the twilio library. Each
 * line is its own Say with its language attribute, so a line in another language (the language menu) is
 * spoken by that language's voice.
 */
export function renderTwiml(answer: Answer, opts: TwimlOptions): string {
  const response = new twilio.twiml.VoiceResponse();
  const say = (target: { say: InstanceType<typeof twilio.twiml.VoiceResponse>['say'] }, line: Spoken) => {
    const text = typeof line === 'string' ? line : line.text;
    const language = (
      typeof line === 'string' ? opts.language : (opts.voices?.[line.language] ?? opts.language)
    ) as SayLanguage;
    target.say({ language }, text);
  };
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
    for (const line of answer.say) say(gather, line);
    return response.toString();
  }
  for (const line of answer.say) say(response, line);
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
