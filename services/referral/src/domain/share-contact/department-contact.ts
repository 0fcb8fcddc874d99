import {
  contactWithin,
  ReferralCreated,
  referralCreatedV2FromV1,
  type CloudEvent,
  type ContactShared,
  type EventData,
  type EventOf,
  type SharedContact,
} from '@carelink/contracts';

/** A contact as intake shared it with the applicant's consent (contact.shared.v1), kept sealed by referral. */
export type SharedContactRecord = EventData<typeof ContactShared>;

/**
 * What of a person's contact goes to the department serving them: with their consent, exactly the parts the
 * consent covers; with a township's override (no consent) or nothing on file, none. A contact shared for
 * another person than the referral's is never passed on. Pure.
 */
export function contactForDepartment(
  referral: { sharingBasis?: { basis: 'consent' | 'override' }; person: { personId: string } },
  shared: SharedContactRecord | undefined,
): SharedContact | undefined {
  if (referral.sharingBasis?.basis !== 'consent' || !shared) return undefined;
  if (shared.personId !== referral.person.personId) return undefined;
  const contact = contactWithin(shared.contact, shared.consent.covers);
  return Object.keys(contact).length > 0 ? contact : undefined;
}

/**
 * A referral event as version 2 of the department payload has it: referral.created becomes referral.created.v2
 * with the contact the person consented to share (none without consent); every other event is the same. Same
 * id, time and key. Pure.
 */
export function departmentEventV2(event: CloudEvent, shared: SharedContactRecord | undefined): CloudEvent {
  if (event.type !== ReferralCreated.type) return event;
  const v2 = referralCreatedV2FromV1(event as EventOf<typeof ReferralCreated>);
  const contact = contactForDepartment(v2.data, shared);
  return contact ? { ...v2, data: { ...v2.data, contact } } : v2;
}

/** Whether an event (as sent) carries a person's contact: its stored copies are sealed. */
export function carriesContact(event: CloudEvent): boolean {
  return typeof event.data === 'object' && event.data !== null && 'contact' in event.data;
}
