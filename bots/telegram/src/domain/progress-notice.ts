import type { PolicyPack } from '@carelink/policy';

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

/** "2026-11-26 09:30" in China time, for a visit time. */
export function chinaTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * What a resident is told when their case moves: registered, investigated, decided (approved or
 * rejected with the reason, per item), referred, a visit scheduled or recorded, a service stopped by
 * dynamic management (with the reason). Pure: the event's data in,
 * the messages out (one per decided item, so each reason is read on its own).
 */
export function progressNotices(
  type: string,
  data: Record<string, unknown>,
  pack: PolicyPack,
  locale: string,
): Notice[] {
  const caseNumber = String(data.caseNumber ?? '');
  const name = (code: unknown) => itemName(pack, String(code), locale);
  switch (type) {
    case 'request.acknowledged.v1':
      return [{ key: data.outcome === 'merged' ? 'push-merged' : 'push-registered', params: { caseNumber } }];
    case 'investigation.recorded.v1':
      return [{ key: 'push-investigated', params: { caseNumber } }];
    case 'eligibility.decided.v1':
      return (data.items as { itemCode: string; approved: boolean; reason: string }[]).map((i) => ({
        key: i.approved ? 'push-approved' : 'push-rejected',
        params: { caseNumber, item: name(i.itemCode), reason: i.reason },
      }));
    case 'eligibility.changed.v1':
      return (data.stoppedItems as { itemCode: string; reason: string }[]).map((i) => ({
        key: 'push-stopped',
        params: { caseNumber, item: name(i.itemCode), reason: i.reason, from: String(data.effectiveFrom) },
      }));
    case 'referral.created.v1':
      return [
        {
          key:
            (data.route as { kind: string }).kind === 'department'
              ? 'push-referred-department'
              : 'push-referred-provider',
          params: { caseNumber, item: name(data.itemCode) },
        },
      ];
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
