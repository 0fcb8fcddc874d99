import { parseResidentId, phoneNumber, type ResidentIdProblem } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';

/** Which message re-asks for an ID number, kindly, for each way it can be wrong (keys of the .ftl files). */
export const idNumberReask: Record<ResidentIdProblem, string> = {
  format: 'id-problem-format',
  address_code: 'id-problem-address',
  birth_date: 'id-problem-birth',
  check_digit: 'id-problem-check',
};

export type IdNumberAnswer = { ok: true; idNumber: string } | { ok: false; reaskKey: string };

/** Reads an ID number as a resident types it (spaces, lower-case x, full-width digits) and checks it. */
export function readIdNumber(text: string, today: Date): IdNumberAnswer {
  const cleaned = text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s-]/g, '')
    .replace(/[xＸｘ]$/, 'X');
  const parsed = parseResidentId(cleaned, today);
  if (parsed.ok) return { ok: true, idNumber: parsed.facts.idNumber };
  return { ok: false, reaskKey: idNumberReask[parsed.problem] };
}

/** A one-time code as a resident types it (spaces, full-width digits): its 6 digits, or undefined. */
export function readLookupCode(text: string): string | undefined {
  const digits = text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/**
 * The phone number of a shared Telegram contact, as a mainland number (13800001234), or undefined when it
 * is not one. Telegram sends it with or without "+", usually with the country code.
 */
export function readContactPhone(raw: string): string | undefined {
  let digits = raw.replace(/[^\d]/g, '');
  if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  const parsed = phoneNumber.safeParse(digits);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A phone number as a resident types it (spaces, dashes, full-width digits, +86): a mainland mobile or landline
 * (13905661234, 0566-2212349), in digits, or undefined when it is not one. Typed, it is unverified: nobody
 * checked the resident holds it.
 */
export function readTypedPhone(text: string): string | undefined {
  const digits = text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0B]/g, '+')
    .replace(/[\s()（）-]/g, '')
    .replace(/^(\+|00)86(?=1\d{10}$)/, '');
  if (!/^\+?\d{7,15}$/.test(digits)) return undefined;
  const parsed = phoneNumber.safeParse(digits);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A contact the resident may use as their phone: their own, which the "share contact" button sends with
 * their user id. A forwarded or typed-in card of someone else (another user id, or none) is not.
 */
export function isOwnContact(contact: { user_id?: number }, fromId: number | undefined): boolean {
  return fromId !== undefined && contact.user_id === fromId;
}

export interface ServiceChoice {
  code: string;
  name: string;
}

export interface ServiceCategory {
  category: string;
  items: ServiceChoice[];
}

/**
 * The region's catalogue offered in a county, grouped by category in the pack's order; item names in the
 * resident's language where the pack has it (Chinese otherwise).
 */
export function servicesByCategory(pack: PolicyPack, countyCode: string, locale: string): ServiceCategory[] {
  const groups: ServiceCategory[] = [];
  for (const item of pack.catalogue) {
    if (item.serviceAreas && !item.serviceAreas.includes(countyCode)) continue;
    let group = groups.find((g) => g.category === item.category);
    if (!group) {
      group = { category: item.category, items: [] };
      groups.push(group);
    }
    group.items.push({ code: item.code, name: locale === 'en' ? item.name.en : item.name.zh });
  }
  return groups;
}

/** The languages this region serves residents in, and the one a resident gets before choosing. */
export function regionLanguages(pack: PolicyPack): { languages: string[]; defaultLanguage: string } {
  const languages = pack.residentLanguages;
  return { languages, defaultLanguage: languages[0]! };
}

/** The region a /start payload names (`changji`, any case), when the bot serves it. */
export function regionNamed(payload: string | undefined, served: string[]): string | undefined {
  const named = payload?.trim().toLowerCase();
  return named && served.includes(named) ? named : undefined;
}

/** The region's name as a resident reads it: English for English, else Chinese (the name residents know). */
export function regionName(pack: PolicyPack, locale: string): string {
  return locale === 'en' ? pack.name.en : pack.name.zh;
}

/** An answer to "which assistance status": one of the region's target groups, none, or not sure (不清楚). */
export type StatusChoice = { kind: 'group'; code: string } | { kind: 'none' } | { kind: 'not_sure' };

/**
 * The statuses a resident picks from: the region's target groups in the pack's order, then "none" and "not
 * sure", so that a person without a status (or who does not know it) can still apply.
 */
export function statusChoices(pack: PolicyPack): StatusChoice[] {
  return [
    ...pack.targetGroups.map((g): StatusChoice => ({ kind: 'group', code: g.code })),
    { kind: 'none' },
    { kind: 'not_sure' },
  ];
}
