import { catalogueItemOf, type PolicyPack } from '@carelink/policy';
import { providerNames } from '../register-contract/provider-names';
import {
  attemptOf,
  UNANSWERED_STATES,
  type ProviderContract,
  type ReferralRecord,
  type ReferralStatus,
} from '../referral';

/**
 * What the township's and the departments' worklists need of a referral beyond the record: when and why it was
 * escalated to the township (no receiver left: the township routes it by hand), and the counts of the county's
 * dashboard. Pure.
 */

/** When and why the referral came to wait for the township to name a receiver, while it does. */
export function escalationOf(
  r: Pick<ReferralRecord, 'status' | 'history' | 'explanation'>,
): { at: string; reason: string } | undefined {
  if (r.status !== 'awaiting_provider') return undefined;
  const last = [...(r.history ?? [])].reverse().find((t) => t.to === 'awaiting_provider');
  return last ? { at: last.at, reason: last.reason ?? r.explanation } : undefined;
}

/** Who a referral is (or was last) sent to, as the dashboard groups them. */
export function receiverOf(r: Pick<ReferralRecord, 'route'>): {
  kind: 'department' | 'provider' | 'none';
  code: string;
} {
  if (r.route?.kind === 'department') return { kind: 'department', code: r.route.departmentCode };
  if (r.route?.kind === 'provider') return { kind: 'provider', code: r.route.providerId };
  return { kind: 'none', code: '' };
}

export interface ReferralStatistics {
  total: number;
  byStatus: { status: ReferralStatus; count: number }[];
  /** Each receiver with its name beside its code: a department's from the region's pack, a provider's from its contracts. */
  byReceiver: {
    kind: 'department' | 'provider' | 'none';
    code: string;
    name: string | null;
    count: number;
    byStatus: Record<string, number>;
  }[];
  /** Each item with its name in the region's catalogue. */
  byItem: { itemCode: string; name: string | null; count: number }[];
}

/** Where the statistics find names: the region's pack (departments, items) and the provider directory (contracts). */
export interface ReferralNames {
  department(code: string): string | undefined;
  provider(providerId: string): string | undefined;
  item(itemCode: string): string | undefined;
}

/** The names of a region's departments and items (its pack) and providers (their contracts: the latest contract's name). */
export function referralNamesOf(
  pack: PolicyPack | undefined,
  contracts: readonly Pick<ProviderContract, 'providerId' | 'providerName' | 'validFrom'>[],
): ReferralNames {
  const providers = new Map(providerNames(contracts).map((p) => [p.providerId, p.name]));
  return {
    department: (code) => pack?.departments[code],
    provider: (providerId) => providers.get(providerId),
    item: (itemCode) => (pack ? catalogueItemOf(pack, itemCode)?.name.zh : undefined),
  };
}

const NO_NAMES: ReferralNames = { department: () => undefined, provider: () => undefined, item: () => undefined };

const count = <K extends string>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Referrals counted by state, by receiver (with their states) and by item, busiest first, each receiver and item
 * named beside its code (no $group on FerretDB).
 */
export function referralStatistics(
  referrals: readonly Pick<ReferralRecord, 'status' | 'route' | 'itemCode'>[],
  names: ReferralNames = NO_NAMES,
): ReferralStatistics {
  const statuses = new Map<ReferralStatus, number>();
  const items = new Map<string, number>();
  const receivers = new Map<string, ReferralStatistics['byReceiver'][number]>();
  for (const r of referrals) {
    count(statuses, r.status);
    count(items, r.itemCode);
    const who = receiverOf(r);
    const key = `${who.kind}:${who.code}`;
    const name =
      who.kind === 'department'
        ? names.department(who.code)
        : who.kind === 'provider'
          ? names.provider(who.code)
          : undefined;
    const row = receivers.get(key) ?? { ...who, name: name ?? null, count: 0, byStatus: {} };
    row.count++;
    row.byStatus[r.status] = (row.byStatus[r.status] ?? 0) + 1;
    receivers.set(key, row);
  }
  return {
    total: referrals.length,
    byStatus: [...statuses]
      .map(([status, n]) => ({ status, count: n }))
      .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status)),
    byReceiver: [...receivers.values()].sort(
      (a, b) => b.count - a.count || `${a.kind}${a.code}`.localeCompare(`${b.kind}${b.code}`),
    ),
    byItem: [...items]
      .map(([itemCode, n]) => ({ itemCode, name: names.item(itemCode) ?? null, count: n }))
      .sort((a, b) => b.count - a.count || a.itemCode.localeCompare(b.itemCode)),
  };
}

/**
 * What the current receiver did with the referral: the moves of its attempt, from its routing on. The move that
 * routed it here says no reason (that may be the previous receiver's words about the person); its own moves do.
 */
export function receiverMoves(
  r: Pick<ReferralRecord, 'history' | 'attempt'>,
): { from: ReferralStatus; to: ReferralStatus; at: string; reason?: string }[] {
  const attempt = attemptOf(r);
  return (r.history ?? [])
    .filter((t) => t.attempt === attempt)
    .map(({ from, to, at, reason }) => ({ from, to, at, ...(reason && to !== 'requested' ? { reason } : {}) }));
}

/** Whether the receiver's answer is overdue: still unanswered past its due time. */
export function answerOverdue(r: Pick<ReferralRecord, 'status' | 'answerDueAt'>, now: Date): boolean {
  return UNANSWERED_STATES.includes(r.status) && !!r.answerDueAt && Date.parse(r.answerDueAt) < now.getTime();
}

/** Referrals waiting for an answer, the soonest due first (none last, newest first), the overdue ones when asked. */
export function byAnswerDue<T extends Pick<ReferralRecord, 'status' | 'answerDueAt' | 'createdAt'>>(
  referrals: readonly T[],
  now: Date,
  filter: { overdue?: boolean },
): T[] {
  return referrals
    .filter((r) => filter.overdue === undefined || answerOverdue(r, now) === filter.overdue)
    .sort((a, b) => {
      if (a.answerDueAt && b.answerDueAt) return a.answerDueAt.localeCompare(b.answerDueAt);
      if (a.answerDueAt || b.answerDueAt) return a.answerDueAt ? -1 : 1;
      return b.createdAt.localeCompare(a.createdAt);
    });
}
