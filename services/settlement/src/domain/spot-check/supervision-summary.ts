import { requiredCount, type ServiceToSample, type SpotCheckSample } from './draw-sample';
import type { CheckMethod, FindingKind, SpotCheckResult } from './spot-check-result';

/**
 * A county's yearly supervision summary (监督管理; Changji 001 四(六)三 结果主动向社会公布): how many of the year's
 * verified services there were and were checked, the share checked against the pack's, the checks by method, the
 * findings by kind and the lines held or reversed, per township too. The figures are counts, no personal data, so
 * the summary is what the county publishes (JSON, and the printable export). Called by the county's report use case
 * with the year's services, the drawn sample and the recorded results.
 */
export interface SupervisionSummary {
  county: string;
  year: number;
  services: number;
  /** Distinct services with at least one recorded check. */
  checked: number;
  /** checked ÷ services in basis points, rounded down (0 with no services). */
  shareCheckedBasisPoints: number;
  requiredShareBasisPoints: number;
  /** Each stratum's sample checked in full, so every stratum reached the share. */
  sampleChecked: boolean;
  /** Sampled services not checked yet. */
  sampleOutstanding: number;
  /** Checked services outside the sample (extra checks). */
  checkedOutsideSample: number;
  meetsShare: boolean;
  byMethod: Record<CheckMethod, number>;
  findingsByKind: Record<FindingKind, number>;
  /** Checked services with at least one finding. */
  servicesWithFindings: number;
  /** Lines held now (a released hold is not counted). */
  linesHeld: number;
  linesReversed: number;
  /** Lines whose hold the county released (a re-check or the provider's evidence cleared the visit). */
  linesReleased: number;
  byTownship: { township: string; services: number; checked: number; shareCheckedBasisPoints: number }[];
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.floor((part * 10_000) / whole));

export function supervisionSummary(input: {
  county: string;
  year: number;
  /** The year's verified services of the county. */
  services: readonly ServiceToSample[];
  sample: Pick<SpotCheckSample, 'sample' | 'shareBasisPoints'>;
  results: readonly SpotCheckResult[];
}): SupervisionSummary {
  const { county, year, sample } = input;
  const results = input.results.filter((r) => r.county === county && r.year === year);
  const serviceIds = new Set(input.services.map((s) => s.serviceId));
  const checkedIds = new Set(results.map((r) => r.serviceId).filter((id) => serviceIds.has(id)));
  const sampled = new Set(sample.sample);
  const byMethod: Record<CheckMethod, number> = { home_visit: 0, phone_call: 0, records: 0 };
  const findingsByKind: Record<FindingKind, number> = {
    not_delivered: 0,
    less_than_recorded: 0,
    poor_quality: 0,
    records_incomplete: 0,
    not_confirmed_by_person: 0,
    other: 0,
  };
  const withFindings = new Set<string>();
  const held = new Set<string>();
  const reversed = new Set<string>();
  const released = new Set<string>();
  for (const r of results) {
    byMethod[r.method] += 1;
    for (const f of r.findings) {
      findingsByKind[f.kind] += 1;
      withFindings.add(r.serviceId);
      for (const l of f.lines) {
        const key = `${l.statementId}\u0000${l.lineId}`;
        if (f.action === 'reverse') reversed.add(key);
        else if (f.action === 'hold') (r.release ? released : held).add(key);
      }
    }
  }
  for (const key of reversed) {
    held.delete(key);
    released.delete(key);
  }
  const townships = new Map<string, { services: number; checked: number }>();
  for (const s of new Map(input.services.map((x) => [x.serviceId, x])).values()) {
    const t = townships.get(s.township) ?? { services: 0, checked: 0 };
    t.services += 1;
    if (checkedIds.has(s.serviceId)) t.checked += 1;
    townships.set(s.township, t);
  }
  const services = serviceIds.size;
  const checked = checkedIds.size;
  const sampleOutstanding = [...sampled].filter((id) => !checkedIds.has(id)).length;
  const sampleChecked = sampleOutstanding === 0;
  return {
    county,
    year,
    services,
    checked,
    shareCheckedBasisPoints: share(checked, services),
    requiredShareBasisPoints: sample.shareBasisPoints,
    sampleChecked,
    sampleOutstanding,
    checkedOutsideSample: [...checkedIds].filter((id) => !sampled.has(id)).length,
    meetsShare: sampleChecked && checked >= requiredCount(services, sample.shareBasisPoints),
    byMethod,
    findingsByKind,
    servicesWithFindings: withFindings.size,
    linesHeld: held.size,
    linesReversed: reversed.size,
    linesReleased: released.size,
    byTownship: [...townships.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([township, t]) => ({ township, ...t, shareCheckedBasisPoints: share(t.checked, t.services) })),
  };
}
