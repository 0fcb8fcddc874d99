import { z } from 'zod';
import { defineEvent, type EventOf } from '../envelope';
import { ageInFullYears, maskResidentId } from '../resident-id';
import {
  ageInYears,
  caseId,
  dataSharingConsent,
  channel,
  isoDate,
  isoDateTime,
  jurisdictionCode,
  maskedResidentId,
  regionId,
  residentIdMask,
  assistanceStatusDeclaration,
  targetGroup,
} from '../values';

export const address = z.object({
  county: jurisdictionCode,
  township: jurisdictionCode,
  village: jurisdictionCode.optional(),
  detail: z.string().max(200).optional(),
});

/**
 * The applicant as request.registered.v1 showed them (history only): the mask hid just the birth date, which
 * travelled beside it, so the number rebuilt. v2 replaces it.
 */
export const applicantSummaryV1 = z.object({
  personId: z.string().min(16).describe('stable pseudonym: keyed hash of the ID number'),
  name: z.string().min(1).max(50),
  idNumberMasked: maskedResidentId,
  birthDate: isoDate,
  sex: z.enum(['male', 'female']),
});

/** Frozen: what intake published until v2; consumers read it as v2 through `requestRegisteredFromV1`. */
export const RequestRegisteredV1 = defineEvent(
  'request.registered.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    channel,
    applicant: applicantSummaryV1,
    /** Set when a guardian or proxy applied on the applicant's behalf. */
    proxy: z.object({ name: z.string().min(1), relation: z.string().min(1) }).optional(),
    /** Other members of the household, by relation to the applicant (their ID numbers stay in intake). */
    household: z.array(z.object({ relation: z.string().min(1), birthDate: isoDate.optional() })).default([]),
    address,
    declaredGroups: z.array(targetGroup).min(1),
    /** Conditions the applicant declares (失能半失能, 重病, 重度残疾 …), verified by the home investigation. */
    declaredConditions: z.array(z.string().min(1)).default([]),
    consent: dataSharingConsent,
    items: z.array(z.object({ itemCode: z.string().min(1) })).min(1),
    description: z.string().max(2000).optional(),
    registeredAt: isoDateTime,
    registeredBy: z.string().min(1).describe('staff id, or the channel adapter for bot and IVR requests'),
  }),
  'A service request was accepted and registered (受理登记) with a case number. History: v2 replaces it.',
);

/**
 * The applicant as other services see them: a pseudonymous person id, never the raw ID number, a mask that
 * does not rebuild to it, and the age the region's rules need instead of the birth date.
 */
export const applicantSummary = z.object({
  personId: z.string().min(16).describe('stable pseudonym: keyed hash of the ID number'),
  name: z.string().min(1).max(50),
  idNumberMasked: residentIdMask,
  ageAtRegistration: ageInYears.describe(
    'full years of age (周岁) on the China calendar day of registeredAt; the birth date stays in intake',
  ),
});

/** Frozen: what intake published until v3; consumers read it as v3 through `requestRegisteredFromV2`. */
export const RequestRegisteredV2 = defineEvent(
  'request.registered.v2',
  RequestRegisteredV1.schema.extend({
    applicant: applicantSummary,
    /** Other members of the household, by relation to the applicant, with their age where known. */
    household: z
      .array(
        z.object({
          relation: z.string().min(1),
          ageAtRegistration: ageInYears.optional().describe('full years of age on the day of registeredAt'),
        }),
      )
      .default([]),
  }),
  'A service request was accepted and registered (受理登记) with a case number. Ages, not birth dates; the ID ' +
    'number masked to its first 3 and last 2 characters.',
);

/**
 * v3: the assistance statuses a request declares. The applicant names their statuses (`declared`, at least
 * one), says they have none (`none`: proactive discovery, first-time applicants) or does not know
 * (`not_sure`); the home investigation checks the registers whatever was declared.
 */
export const RequestRegistered = defineEvent(
  'request.registered.v3',
  RequestRegisteredV2.schema
    .extend({
      declaredGroups: z
        .array(targetGroup)
        .describe('the statuses the applicant declares; empty when they declare none or are not sure'),
      /** Left out by a producer that names statuses: `declared`. */
      declaredStatus: assistanceStatusDeclaration.default('declared'),
    })
    .superRefine((d, ctx) => {
      if (d.declaredStatus === 'declared' && d.declaredGroups.length === 0)
        ctx.addIssue({ code: 'custom', path: ['declaredGroups'], message: 'declared: at least one status' });
      if (d.declaredStatus !== 'declared' && d.declaredGroups.length > 0)
        ctx.addIssue({ code: 'custom', path: ['declaredGroups'], message: `${d.declaredStatus}: no statuses` });
    }),
  'A service request was accepted and registered (受理登记) with a case number. v3: the applicant may declare ' +
    'no assistance status or not know it (`declaredStatus` none / not_sure, `declaredGroups` empty).',
);

/** A v2 registration (history) read as v3: it named at least one status, so `declaredStatus` is `declared`. */
export function requestRegisteredFromV2(event: EventOf<typeof RequestRegisteredV2>): EventOf<typeof RequestRegistered> {
  return { ...event, type: RequestRegistered.type, data: { ...event.data, declaredStatus: 'declared' } };
}

/**
 * A v1 registration (history) read as v2: the mask cut down to its first 3 and last 2 characters, each birth
 * date turned into the age on the day of registration (China time), sex dropped. Same id, time and key.
 */
export function requestRegisteredFromV1(
  event: EventOf<typeof RequestRegisteredV1>,
): EventOf<typeof RequestRegisteredV2> {
  const { applicant, household, ...rest } = event.data;
  const ageOf = (birthDate: string) => ageInFullYears(birthDate, rest.registeredAt);
  return {
    ...event,
    type: RequestRegisteredV2.type,
    data: {
      ...rest,
      applicant: {
        personId: applicant.personId,
        name: applicant.name,
        idNumberMasked: maskResidentId(applicant.idNumberMasked),
        ageAtRegistration: ageOf(applicant.birthDate),
      },
      household: household.map((m) => ({
        relation: m.relation,
        ...(m.birthDate ? { ageAtRegistration: ageOf(m.birthDate) } : {}),
      })),
    },
  };
}

export const RequestAcknowledged = defineEvent(
  'request.acknowledged.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    channel,
    outcome: z.enum(['registered', 'merged']),
    /** Items already open in another case of the same person, merged there instead of opened twice. */
    mergedItems: z.array(z.object({ itemCode: z.string().min(1), caseNumber: z.string().min(1) })),
    message: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
    acknowledgedAt: isoDateTime,
  }),
  'The acknowledgement the originating channel (window, bot, hotline…) turns into a message for the resident.',
);
