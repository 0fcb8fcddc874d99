import { z } from 'zod';
import { defineEvent } from '../envelope';
import {
  caseId,
  dataSharingConsent,
  channel,
  isoDate,
  isoDateTime,
  jurisdictionCode,
  maskedResidentId,
  regionId,
  targetGroup,
} from '../values';

export const address = z.object({
  county: jurisdictionCode,
  township: jurisdictionCode,
  village: jurisdictionCode.optional(),
  detail: z.string().max(200).optional(),
});

/** The applicant as other services see them: a pseudonymous person id, never the raw ID number. */
export const applicantSummary = z.object({
  personId: z.string().min(16).describe('stable pseudonym: keyed hash of the ID number'),
  name: z.string().min(1).max(50),
  idNumberMasked: maskedResidentId,
  birthDate: isoDate,
  sex: z.enum(['male', 'female']),
});

export const RequestRegistered = defineEvent(
  'request.registered.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    channel,
    applicant: applicantSummary,
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
  'A service request was accepted and registered (受理登记) with a case number.',
);

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
