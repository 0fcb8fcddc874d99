import {
  CONSENT_TO_SHARE_COVERS,
  ContactShared,
  contactWithin,
  draft,
  topics,
  type EventData,
  type EventDraft,
  type RequestRegistered,
  type SharedContact,
} from '@carelink/contracts';
import { placeOf, type PolicyPack } from '@carelink/policy';

export type ContactPhone = NonNullable<SharedContact['phone']>;

/**
 * The phone to reach the applicant at, as registering files it: the one given with this application (confirmed
 * when it is the phone on file or staff took it at the window), else the confirmed phone on file; none when
 * neither is known. A phone held unconfirmed from an earlier application is not offered.
 */
export function phoneToReach(
  given: string | undefined,
  onFile: { phone?: string; confirmedNow: boolean; same: (a: string, b: string | undefined) => boolean },
): ContactPhone | undefined {
  if (given) return { number: given, confirmed: onFile.confirmedNow || onFile.same(given, onFile.phone) };
  return onFile.phone ? { number: onFile.phone, confirmed: true } : undefined;
}

/** The address in words, from the region's pack: county, township, village and the detail the applicant gave. */
export function addressInWords(pack: PolicyPack, address: EventData<typeof RequestRegistered>['address']): string {
  const place = placeOf(pack, address.township, address.village);
  const names = place
    ? [place.county.name, place.township.name, place.village?.name].filter(Boolean).join('')
    : address.township;
  return [names, address.detail].filter(Boolean).join(' ');
}

/**
 * ShareContact, at registration: with the applicant's consent to share, the contact they gave (name, the phone to
 * reach them at, address) goes to referral, which passes it to the department that will serve them; without
 * consent nothing is published. Pure.
 */
export function contactSharedEvents(input: {
  registered: EventData<typeof RequestRegistered>;
  personId: string;
  phone: ContactPhone | undefined;
  pack: PolicyPack;
  /** A derived id, when a retry must yield the same event. */
  id?: string;
}): EventDraft[] {
  const { registered: r, pack } = input;
  if (!r.consent.given) return [];
  const covers = CONSENT_TO_SHARE_COVERS;
  const contact = contactWithin(
    {
      name: r.applicant.name,
      ...(input.phone ? { phone: input.phone } : {}),
      address: { ...r.address, text: addressInWords(pack, r.address) },
    },
    covers,
  );
  return [
    draft(topics.contactShares, ContactShared, {
      key: r.caseId,
      ...(input.id ? { id: input.id } : {}),
      data: {
        caseId: r.caseId,
        caseNumber: r.caseNumber,
        region: r.region,
        personId: input.personId,
        township: r.address.township,
        consent: { givenBy: r.consent.givenBy, recordedAt: r.consent.recordedAt, covers: [...covers] },
        contact,
        sharedAt: r.registeredAt,
      },
    }),
  ];
}
