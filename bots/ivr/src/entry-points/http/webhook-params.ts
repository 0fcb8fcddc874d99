import { z } from 'zod';

/**
 * The fields of a provider's voice webhook that the adapter reads (TwiML dialect). Anything else the
 * provider sends is ignored but still covered by the signature.
 */
export const voiceWebhook = z.object({
  CallSid: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'a call id'),
  From: z.string().max(40).default(''),
  To: z.string().max(40).optional(),
  Digits: z
    .string()
    .regex(/^[0-9*#]{0,40}$/, 'keypad digits')
    .optional(),
  RecordingUrl: z.string().url().max(2000).optional(),
  RecordingDuration: z.coerce.number().int().min(0).max(36000).optional(),
  SpeechResult: z.string().max(2000).optional(),
  CallStatus: z.string().max(40).optional(),
});
export type VoiceWebhook = z.infer<typeof voiceWebhook>;
