import { receiverNameOf, type PolicyPack } from '@carelink/policy';

/** A message for a resident: a key of the .ftl files and its variables. */
export interface Notice {
  key: string;
  params: Record<string, string | number>;
}

export function itemName(pack: PolicyPack, code: string, locale: string): string {
  const item = pack.catalogue.find((i) => i.code === code);
  if (!item) return code;
  return locale === 'en' ? item.name.en : item.name.zh;
}

/**
 * Names joined as the resident's language joins a list (Intl.ListFormat): 助餐送餐、居家清洁和心理疏导;
 * "Meal help, Home cleaning, and Counselling". ICU has no Uyghur list patterns (it falls back to English
 * "and"), so Uyghur joins with its own comma and ۋە.
 */
export function listOf(names: readonly string[], locale: string): string {
  if (locale === 'ug')
    return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join('، ')} ۋە ${names[names.length - 1]}`;
  return new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }).format(names);
}

/** A department's name in the resident's language (the pack's `departmentNames`), else in Chinese; never its code. */
export function departmentName(pack: PolicyPack, code: string, locale: string): string | undefined {
  const translated = locale === 'en' || locale === 'ug' ? pack.departmentNames[locale]?.[code] : undefined;
  // A receiver the pack lists besides its departments (a party branch, a village team …) by its Chinese name.
  return translated ?? receiverNameOf(pack, code);
}

/** Who a referral is with: a department of the pack, or a contracted provider. */
export type Receiver = { kind: 'department'; departmentCode: string } | { kind: 'provider'; providerId: string };

/** The receiver a referral event names (referral.created and its transitions), if any. */
export function receiverOf(type: string, data: Record<string, unknown>): Receiver | undefined {
  if (!type.startsWith('referral.')) return undefined;
  const route = data.route as { kind?: string; departmentCode?: string; providerId?: string } | undefined;
  if (route?.kind === 'department' && route.departmentCode)
    return { kind: 'department', departmentCode: route.departmentCode };
  if (route?.kind === 'provider' && route.providerId) return { kind: 'provider', providerId: route.providerId };
  return undefined;
}

/** "2026-11-26 09:30" in China time, for a visit time. */
export function chinaTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * What a resident is told when their case moves: registered, investigated, decided (approved or
 * rejected with the reason, per item), referred to a named department or provider, received, accepted and
 * completed by it, a visit scheduled or recorded, a service stopped by dynamic management (with the reason).
 * Pure: the event's data and the receiver's name in the resident's language (`receiver`, resolved beforehand;
 * undefined when it could not be found: then the message says "a provider" instead, never a code) in, the
 * messages out (one per decided item, so each reason is read on its own).
 */
export function progressNotices(
  type: string,
  data: Record<string, unknown>,
  pack: PolicyPack,
  locale: string,
  receiver?: string,
): Notice[] {
  const caseNumber = String(data.caseNumber ?? '');
  const name = (code: unknown) => itemName(pack, String(code), locale);
  switch (type) {
    case 'request.acknowledged.v1':
      return [{ key: data.outcome === 'merged' ? 'push-merged' : 'push-registered', params: { caseNumber } }];
    case 'investigation.recorded.v1':
      return [{ key: 'push-investigated', params: { caseNumber } }];
    case 'eligibility.decided.v1':
    case 'eligibility.decided.v2':
      return (data.items as { itemCode: string; approved: boolean; reason: string }[]).map((i) => ({
        key: i.approved ? 'push-approved' : 'push-rejected',
        params: { caseNumber, item: name(i.itemCode), reason: i.reason },
      }));
    case 'eligibility.changed.v1':
      return (data.stoppedItems as { itemCode: string; reason: string }[]).map((i) => ({
        key: 'push-stopped',
        params: { caseNumber, item: name(i.itemCode), reason: i.reason, from: String(data.effectiveFrom) },
      }));
    case 'referral.created.v1': {
      const kind = (data.route as { kind: string }).kind === 'department' ? 'department' : 'provider';
      const params = { caseNumber, item: name(data.itemCode) };
      return [
        receiver
          ? { key: `push-referred-${kind}`, params: { ...params, receiver } }
          : { key: `push-referred-${kind}-unnamed`, params },
      ];
    }
    case 'referral.received.v1':
    case 'referral.accepted.v1':
    case 'referral.completed.v1': {
      const step = type.split('.')[1]!;
      const item = name(data.itemCode);
      return [
        receiver
          ? { key: `push-${step}`, params: { item, receiver } }
          : { key: `push-${step}-unnamed`, params: { item } },
      ];
    }
    case 'visit.scheduled.v1':
      return [
        {
          key: 'push-visit-scheduled',
          params: { item: name(data.itemCode), when: chinaTime(String(data.scheduledFor)) },
        },
      ];
    case 'visit.delivered.v1':
      return [
        {
          key: 'push-visit-delivered',
          params: { item: name(data.itemCode), when: chinaTime(String(data.deliveredAt)) },
        },
      ];
    // A delivery once its confirmation is settled: a verified or disputed one was told as it happened
    // (visit.verified / visit.disputed); one nobody confirmed in time stays unconfirmed, and the resident hears so.
    case 'visit.delivered.v2':
      return data.verification === 'unverified'
        ? [
            {
              key: 'push-visit-unconfirmed',
              params: { item: name(data.itemCode), when: chinaTime(String(data.deliveredAt)) },
            },
          ]
        : [];
    default:
      return [];
  }
}

/** Status words for "my requests": intake's status in the resident's language. */
export function statusWords(status: { code: string; zh: string; ug?: string; en: string }, locale: string): string {
  if (locale === 'ug') return status.ug ?? status.zh;
  if (locale === 'en') return status.en;
  return status.zh;
}
