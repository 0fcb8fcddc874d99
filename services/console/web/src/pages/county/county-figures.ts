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

// ---- spot checks ----

/** A 32-bit hash of a text (FNV-1a), the seed of a draw. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded generator, so a draw can be made again from its seed and checked. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The spot-check sample (抽查): at least `rate` of the records of each group (each provider, say), rounded up, so no
 * group escapes the check; which ones is drawn from `seed` (the same seed draws the same sample, so anyone can
 * check the draw). Records are keyed by `idOf`; the sample keeps the input order.
 */
export function spotCheckSample<T>(
  records: readonly T[],
  { rate, seed, groupOf, idOf }: { rate: number; seed: string; groupOf: (r: T) => string; idOf: (r: T) => string },
): T[] {
  if (!(rate > 0)) return [];
  const groups = new Map<string, T[]>();
  for (const r of records) {
    const g = groupOf(r);
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const chosen = new Set<string>();
  for (const [group, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const random = generator(hash(`${seed}|${group}`));
    // Sort by id first, so the draw does not depend on the order the records came in.
    const pool = [...members].sort((a, b) => idOf(a).localeCompare(idOf(b)));
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const take = Math.min(pool.length, Math.ceil(pool.length * Math.min(rate, 1) - 1e-9));
    pool.slice(0, take).forEach((r) => chosen.add(idOf(r)));
  }
  return records.filter((r) => chosen.has(idOf(r)));
}
