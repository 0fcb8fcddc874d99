import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, isoDateTime, jurisdictionCode, regionId } from '../values';
import { address } from './intake';

/**
 * The parts of a person's contact that a consent to share (个人信息共享同意) can cover. Every channel asks for
 * all three at once ("申请人的姓名、电话和地址", bots/telegram/locales/zh.ftl); the list travels with the consent so
 * that a narrower consent passes on only what it names.
 */
export const contactField = z.enum(['name', 'phone', 'address']);
export type ContactField = z.infer<typeof contactField>;

/** What "同意共享信息" covers today, on every channel: name, phone and address. */
export const CONSENT_TO_SHARE_COVERS: readonly ContactField[] = contactField.options;

export const contactPhone = z.object({
  number: z.string().min(5).max(20),
  confirmed: z
    .boolean()
    .describe(
      "true: the phone on the person's file, confirmed at the township window or by a code; false: given by a channel (bot, hotline, online) and checked by nobody yet",
    ),
});

export const contactAddress = address.extend({
  text: z.string().min(1).max(300).describe('the address in words: county, township, village (社区) and the detail'),
});

/** A person's contact as consent lets it go: each part present only when the consent covers it and it is known. */
export const sharedContact = z.object({
  name: z.string().min(1).max(50).optional(),
  phone: contactPhone.optional(),
  address: contactAddress.optional(),
});
export type SharedContact = z.infer<typeof sharedContact>;

/** Only the parts of a contact that a consent covers (and that are known). */
export function contactWithin(contact: SharedContact, covers: readonly ContactField[]): SharedContact {
  return Object.fromEntries(
    Object.entries(contact).filter(([field, value]) => value !== undefined && covers.includes(field as ContactField)),
  ) as SharedContact;
}

/**
 * Intake, at registration, when the applicant (or their proxy) consented: the contact they gave, for referral to
 * pass on to the department that will serve them. Only referral reads the topic; nothing is published without
 * consent.
 */
export const ContactShared = defineEvent(
  'contact.shared.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    personId: z.string().min(16).describe('stable pseudonym: keyed hash of the ID number'),
    township: jurisdictionCode,
    consent: z.object({
      givenBy: z.enum(['applicant', 'proxy']),
      recordedAt: isoDateTime,
      covers: z.array(contactField).min(1).describe('the parts of the contact the consent lets go to the receiver'),
    }),
    contact: sharedContact.describe('only the parts the consent covers'),
    sharedAt: isoDateTime,
  }),
  'The applicant consented to share their contact (name, phone, address) with whoever serves them: what they ' +
    'gave at registration, for referral to pass on to the receiving department. Published only with consent.',
);
