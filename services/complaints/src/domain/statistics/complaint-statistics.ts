import { placeOf, type PolicyPack } from '@carelink/policy';
import type { Complaint, ComplaintType } from '../complaint';

export type StatisticsDimension = 'township' | 'provider' | 'type';

export const TYPE_NAMES: Record<ComplaintType, string> = {
  service_quality: '服务质量',
  staff_conduct: '工作人员作风',
  money: '资金问题',
  eligibility_decision: '认定结果',
  other: '其他',
};

export interface StatisticsRow {
  /** The township code, provider id or complaint type code counted (or the words for "none"). */
  key: string;
  /**
   * Its name: the township's in the region's pack, the provider's on its latest contract (learnt from referral's
   * contract.registered.v1; `（名称未知）` for a provider no contract names), the type's in Chinese; null for a
   * township the pack does not know.
   */
  name: string | null;
  received: number;
  complaints: number;
  consultations: number;
  resolved: number;
  upheld: number;
  escalated: number;
  rated: number;
  /** Average rating ×10 (integer), 0 without ratings. */
  averageRatingTenths: number;
}

export const STATISTICS_COLUMNS: { key: keyof StatisticsRow; header: string }[] = [
  { key: 'key', header: '统计项' },
  { key: 'name', header: '名称' },
  { key: 'received', header: '受理总数' },
  { key: 'complaints', header: '投诉' },
  { key: 'consultations', header: '咨询' },
  { key: 'resolved', header: '已办结' },
  { key: 'upheld', header: '投诉属实' },
  { key: 'escalated', header: '超时升级' },
  { key: 'rated', header: '评价数' },
  { key: 'averageRatingTenths', header: '平均评分×10' },
];

const NO_PROVIDER = '（未涉及服务机构）';
const NO_TOWNSHIP = '（未定乡镇）';
/** The name shown beside a provider id no registered contract names (a typed id, or a contract not learnt yet). */
export const UNKNOWN_PROVIDER_NAME = '（名称未知）';

/** What a complaint is counted under, and that item's name. */
function itemOf(
  c: Complaint,
  by: StatisticsDimension,
  pack: PolicyPack | undefined,
  providerNames: ReadonlyMap<string, string>,
): { key: string; name: string | null } {
  if (by === 'type') return { key: c.type, name: TYPE_NAMES[c.type] };
  if (by === 'provider') {
    const id = c.about.providerId;
    return id
      ? { key: id, name: providerNames.get(id) ?? UNKNOWN_PROVIDER_NAME }
      : { key: NO_PROVIDER, name: NO_PROVIDER };
  }
  if (!c.township) return { key: NO_TOWNSHIP, name: NO_TOWNSHIP };
  return { key: c.township, name: (pack && placeOf(pack, c.township)?.township.name) ?? null };
}

/**
 * A month's complaints counted per township, provider or type, each with its name beside its code (townships
 * named by the region's pack, providers by `providerNames`, their ids to names); computed here: no $group on
 * FerretDB.
 */
export function complaintStatistics(
  complaints: Complaint[],
  by: StatisticsDimension,
  pack?: PolicyPack,
  providerNames: ReadonlyMap<string, string> = new Map(),
): StatisticsRow[] {
  const rows = new Map<string, StatisticsRow & { ratingSum: number }>();
  for (const c of complaints) {
    const { key, name } = itemOf(c, by, pack, providerNames);
    const row = rows.get(key) ?? {
      key,
      name,
      received: 0,
      complaints: 0,
      consultations: 0,
      resolved: 0,
      upheld: 0,
      escalated: 0,
      rated: 0,
      averageRatingTenths: 0,
      ratingSum: 0,
    };
    row.received++;
    if (c.kind === 'consultation') row.consultations++;
    else row.complaints++;
    if (c.status === 'resolved' || c.status === 'closed') row.resolved++;
    if (c.outcome?.upheld) row.upheld++;
    if (c.escalated) row.escalated++;
    if (c.rating) {
      row.rated++;
      row.ratingSum += c.rating.score;
    }
    rows.set(key, row);
  }
  return [...rows.values()]
    .map(({ ratingSum, ...row }) => ({
      ...row,
      averageRatingTenths: row.rated === 0 ? 0 : Math.round((ratingSum / row.rated) * 10),
    }))
    .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
}

/** The UTC instants bounding a month (YYYY-MM) in China time. */
export function chinaMonthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000);
  const to = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 8 * 3600_000);
  return { from: from.toISOString(), to: to.toISOString() };
}
