import type { ContractView } from '../../api/views';
import type { ComplaintStatisticsRow } from './views';

/**
 * The county's pure arithmetic over what the services answer: contract states, providers from contracts,
 * complaint statistics over several months, referrals counted by state, and the spot-check sample.
 */

export type ContractState = 'upcoming' | 'in_force' | 'expired';

/** Whether a contract is in force on a day (YYYY-MM-DD, both ends included), not yet, or no longer. */
export function contractState(c: Pick<ContractView, 'validFrom' | 'validTo'>, today: string): ContractState {
  if (today < c.validFrom) return 'upcoming';
  if (today > c.validTo) return 'expired';
  return 'in_force';
}

/** A contracted provider as the county sees it: its contracts, items, townships and the capacity in force. */
export interface ContractedProvider {
  providerId: string;
  providerName: string;
  contracts: number;
  inForce: number;
  itemCodes: string[];
  townships: string[];
  /** Monthly capacity of the contracts in force today. */
  monthlyCapacity: number;
  validTo?: string;
}

export function providersOf(contracts: readonly ContractView[], today: string): ContractedProvider[] {
  const byId = new Map<string, ContractedProvider & { items: Set<string>; places: Set<string> }>();
  for (const c of contracts) {
    const p = byId.get(c.providerId) ?? {
      providerId: c.providerId,
      providerName: c.providerName,
      contracts: 0,
      inForce: 0,
      itemCodes: [],
      townships: [],
      monthlyCapacity: 0,
      items: new Set<string>(),
      places: new Set<string>(),
    };
    p.contracts++;
    if (contractState(c, today) === 'in_force') {
      p.inForce++;
      p.monthlyCapacity += c.monthlyCapacity;
      c.itemCodes.forEach((i) => p.items.add(i));
      c.townships.forEach((t) => p.places.add(t));
      if (!p.validTo || c.validTo > p.validTo) p.validTo = c.validTo;
    }
    byId.set(c.providerId, p);
  }
  return [...byId.values()]
    .map(({ items, places, ...p }) => ({ ...p, itemCodes: [...items].sort(), townships: [...places].sort() }))
    .sort((a, b) => b.inForce - a.inForce || a.providerName.localeCompare(b.providerName, 'zh-CN'));
}

/** Several months' complaint statistics as one: counts added, the average rating weighted by ratings. */
export function mergeComplaintRows(months: readonly (readonly ComplaintStatisticsRow[])[]): ComplaintStatisticsRow[] {
  const rows = new Map<string, ComplaintStatisticsRow & { ratingSumTenths: number }>();
  for (const month of months)
    for (const r of month) {
      const row = rows.get(r.key) ?? {
        key: r.key,
        ...(r.name !== undefined ? { name: r.name } : {}),
        received: 0,
        complaints: 0,
        consultations: 0,
        resolved: 0,
        upheld: 0,
        escalated: 0,
        rated: 0,
        averageRatingTenths: 0,
        ratingSumTenths: 0,
      };
      row.received += r.received;
      row.complaints += r.complaints;
      row.consultations += r.consultations;
      row.resolved += r.resolved;
      row.upheld += r.upheld;
      row.escalated += r.escalated;
      row.rated += r.rated;
      row.ratingSumTenths += r.averageRatingTenths * r.rated;
      rows.set(r.key, row);
    }
  return [...rows.values()]
    .map(({ ratingSumTenths, ...r }) => ({
      ...r,
      averageRatingTenths: r.rated === 0 ? 0 : Math.round(ratingSumTenths / r.rated),
    }))
    .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
}

/** Referrals counted by state, in the order of their life (states without any left out). */
export const REFERRAL_STATES = [
  'awaiting_consent',
  'awaiting_provider',
  'requested',
  'received',
  'accepted',
  'in_progress',
  'completed',
  'rejected',
  'failed',
  'cancelled',
] as const;

/** Referral counts by state in the order of a referral's life (unknown states last, none left out). */
export function inLifeOrder(counts: readonly { status: string; count: number }[]): { status: string; count: number }[] {
  const rank = (s: string) => {
    const i = (REFERRAL_STATES as readonly string[]).indexOf(s);
    return i < 0 ? REFERRAL_STATES.length : i;
  };
  return counts.filter((c) => c.count > 0).sort((a, b) => rank(a.status) - rank(b.status));
}

/** The months from `from` to `to` (YYYY-MM, both included); empty when `from` is after `to`. */
export function monthsFrom(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const count = (ty - fy) * 12 + (tm - fm) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => {
    const m = fm - 1 + i;
    return `${fy + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}
