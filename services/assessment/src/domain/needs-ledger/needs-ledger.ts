import { derivedEventId, type EventOf, type InvestigationRecorded } from '@carelink/contracts';

/** One need in the township needs ledger (需求台账), from a recorded home investigation. */
export interface LedgerEntry {
  entryId: string;
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  village?: string;
  kind: 'common' | 'individual';
  category: string;
  itemCode?: string;
  description: string;
  recordedAt: string;
}

/** Entries of one recorded investigation; ids derive from the event so a redelivery adds nothing. */
export function ledgerEntries(recorded: EventOf<typeof InvestigationRecorded>): LedgerEntry[] {
  const d = recorded.data;
  return d.needs.map((need, i) => ({
    entryId: derivedEventId(recorded.id, 'need', String(i)),
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    region: d.region,
    township: d.township,
    ...(d.village ? { village: d.village } : {}),
    kind: need.kind,
    category: need.category,
    ...(need.itemCode ? { itemCode: need.itemCode } : {}),
    description: need.description,
    recordedAt: d.recordedAt,
  }));
}

export interface LedgerView {
  common: LedgerEntry[];
  individual: LedgerEntry[];
  /** Needs counted by kind and category, largest first: what the township should plan for. */
  summary: { kind: 'common' | 'individual'; category: string; count: number }[];
}

export function ledgerView(entries: LedgerEntry[]): LedgerView {
  const counts = new Map<string, { kind: 'common' | 'individual'; category: string; count: number }>();
  for (const e of entries) {
    const key = `${e.kind}|${e.category}`;
    const row = counts.get(key) ?? { kind: e.kind, category: e.category, count: 0 };
    row.count++;
    counts.set(key, row);
  }
  const byTime = (a: LedgerEntry, b: LedgerEntry) => a.recordedAt.localeCompare(b.recordedAt);
  return {
    common: entries.filter((e) => e.kind === 'common').sort(byTime),
    individual: entries.filter((e) => e.kind === 'individual').sort(byTime),
    summary: [...counts.values()].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
  };
}

export const LEDGER_COLUMNS: { key: keyof LedgerEntry; header: string }[] = [
  { key: 'caseNumber', header: '受理编号' },
  { key: 'township', header: '乡镇(街道)代码' },
  { key: 'village', header: '村(社区)代码' },
  { key: 'kind', header: '需求类型' },
  { key: 'category', header: '需求类别' },
  { key: 'itemCode', header: '服务事项' },
  { key: 'description', header: '需求描述' },
  { key: 'recordedAt', header: '调查时间' },
];

export const KIND_NAMES = { common: '共性需求', individual: '个性需求' } as const;
