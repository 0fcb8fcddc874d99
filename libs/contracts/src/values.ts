import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { maskResidentId, parseResidentId, residentIdProblemText } from './resident-id';

/** Money is integer fen (分), never floats. */
export const fen = z.number().int().nonnegative().describe('amount in fen (1/100 yuan), integer');

/**
 * Administrative division code (GB/T 2260 for counties, extended for townships and villages):
 * 6 digits county, 9 digits township, 12 digits village. A jurisdiction contains every code it prefixes.
 */
export const jurisdictionCode = z
  .string()
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'a jurisdiction code has 6 (county), 9 (township) or 12 (village) digits');

export const regionId = z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'a region id is lower-case letters, digits or -');

export const caseId = z.string().uuid().describe('internal case id (UUID); the Kafka key of every case event');

export const residentIdNumber = z.string().superRefine((value, ctx) => {
  const parsed = parseResidentId(value);
  if (!parsed.ok)
    ctx.addIssue({
      code: 'custom',
      message: residentIdProblemText[parsed.problem].en,
      params: { problem: parsed.problem },
    });
});

/** Mainland mobile or landline number. */
export const phoneNumber = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .refine((s) => isValidPhoneNumber(s, 'CN'), 'not a valid mainland China phone number');

/** A mainland number in one form whatever way it was written (+86 138…, 0086…, 138 0013 8000), for lookups. */
export function nationalPhoneNumber(value: string): string {
  const cleaned = value.replace(/[\s()-]/g, '').replace(/^00/, '+');
  return parsePhoneNumberFromString(cleaned, 'CN')?.nationalNumber ?? cleaned;
}

/** The mask of request.registered.v1 (history only: it hid only the birth date, and rebuilds beside it). */
export const maskedResidentId = z
  .string()
  .describe('ID number with birth date and sequence masked, e.g. 341702********1234');

/** An ID number as shown anywhere outside intake's sealed person file: first 3 and last 2 characters. */
export const residentIdMask = z
  .string()
  .regex(/^\d{3}\*{13}[\dX]{2}$/, 'a masked ID number keeps only its first 3 and last 2 characters')
  .describe('ID number with all but the first 3 and last 2 characters masked, e.g. 341*************76');

/** Full years of age (周岁) on a given day, where rules need an age: never the birth date itself. */
export const ageInYears = z.number().int().min(0).max(150);

/**
 * Invisible characters that make text read otherwise than it is stored: bidi embeddings and overrides
 * (U+202A–U+202E), bidi isolates (U+2066–U+2069), zero-width space, non-joiner and joiner (U+200B–U+200D)
 * and the zero-width no-break space (U+FEFF).
 */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200D\uFEFF]/g;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * Free text a person types (names, reasons, descriptions, notes): a string with the invisible bidi and
 * zero-width characters removed before any other check, e.g. `freeText().trim().min(1).max(50)`.
 */
export const freeText = () => z.string().overwrite(stripInvisible);

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const isoDateTime = z.string().datetime({ offset: true });
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

export const channel = z
  .enum(['window', 'online', 'proactive', 'chatbot', 'ivr'])
  .describe(
    'where the request came in: township window, online self-declaration, proactive discovery by a village coordinator, chat bot, hotline IVR',
  );

export const targetGroup = z
  .enum([
    'dibao',
    'tekun',
    'orphan',
    'de_facto_orphan',
    'dibao_edge',
    'return_risk',
    'expenditure_hardship',
    'child_in_difficulty',
    'left_behind_child',
    'low_income_severely_disabled',
  ])
  .describe('assistance status (服务对象类别), see DOMAIN.md');

/**
 * What an applicant says of their assistance status (服务对象类别): they name it (`declared`), they have none
 * (`none`), or they do not know (`not_sure`). Either way the home investigation checks the registers.
 */
export const assistanceStatusDeclaration = z
  .enum(['declared', 'none', 'not_sure'])
  .describe('the applicant names their assistance statuses, declares none, or is not sure (不清楚)');

/**
 * The applicant's (or guardian's) consent to share their data with the department or provider that
 * serves them, as recorded at application.
 */
export const dataSharingConsent = z.object({
  given: z.boolean(),
  givenBy: z.enum(['applicant', 'proxy']),
  recordedAt: isoDateTime,
});

export { maskResidentId };
