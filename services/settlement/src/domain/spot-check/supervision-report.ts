import type { ServiceToSample } from './draw-sample';
import type { StoredCheck } from './record-check';
import { findingNames, type FindingKind } from './spot-check-result';
import type { StoredSample } from './spot-check-sample';
import { supervisionSummary, type SupervisionSummary } from './supervision-summary';

/**
 * The county's yearly supervision report (年度监督检查报告): the summary of `supervisionSummary`, each stratum of the
 * sample with how much of it was checked, the findings per provider, and the amounts the findings keep from the
 * providers (held while decided, reversed for good), in integer fen. Built from the year's sample being worked and its
 * checks (see `supervisionReportOf`); the county reads it, the public results are cut from it (`publicResults`).
 */
export interface SupervisionReport extends SupervisionSummary {
  sampleId: string | null;
  seed: string | null;
  byStratum: {
    stratum: StoredSample['byStratum'][number]['stratum'];
    total: number;
    required: number;
    sampled: number;
    checked: number;
    /** checked ÷ total in basis points, rounded down. */
    shareCheckedBasisPoints: number;
  }[];
  byProvider: {
    providerId: string;
    /** The name the provider's latest contract gives it (absent: no contract known). */
    providerName?: string;
    services: number;
    checked: number;
    findings: Partial<Record<FindingKind, number>>;
    heldFen: number;
    reversedFen: number;
  }[];
  /** Amounts held now (a released hold no longer counts). */
  heldFen: number;
  reversedFen: number;
  /** Amounts whose hold the county released: paid again. */
  releasedFen: number;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.floor((part * 10_000) / whole));

export function supervisionReport(input: {
  county: string;
  year: number;
  services: readonly ServiceToSample[];
  /** The year's sample being worked (undefined: none drawn yet). */
  sample: StoredSample | undefined;
  shareBasisPoints: number;
  checks: readonly StoredCheck[];
  /** Providers' names by id (absent: none known). */
  providerNames?: ReadonlyMap<string, string>;
}): SupervisionReport {
  const { sample } = input;
  const checks = sample ? input.checks.filter((c) => c.sampleId === sample.sampleId) : [];
  const summary = supervisionSummary({
    county: input.county,
    year: input.year,
    services: input.services,
    sample: { sample: sample?.visits.map((v) => v.serviceId) ?? [], shareBasisPoints: input.shareBasisPoints },
    results: checks,
  });
  const checkedIds = new Set(checks.map((c) => c.serviceId));
  const providers = new Map<string, SupervisionReport['byProvider'][number]>();
  const providerOf = (providerId: string) => {
    const name = input.providerNames?.get(providerId);
    const p = providers.get(providerId) ?? {
      providerId,
      ...(name ? { providerName: name } : {}),
      services: 0,
      checked: 0,
      findings: {},
      heldFen: 0,
      reversedFen: 0,
    };
    providers.set(providerId, p);
    return p;
  };
  for (const s of new Map(input.services.map((x) => [x.serviceId, x])).values()) {
    const p = providerOf(s.providerId);
    p.services += 1;
    if (checkedIds.has(s.serviceId)) p.checked += 1;
  }
  let heldFen = 0;
  let reversedFen = 0;
  let releasedFen = 0;
  for (const c of checks) {
    const p = providerOf(c.providerId);
    for (const f of c.findings) p.findings[f.kind] = (p.findings[f.kind] ?? 0) + 1;
    const actions = new Set(c.findings.map((f) => f.action));
    if (actions.has('reverse')) {
      p.reversedFen += c.amountFen;
      reversedFen += c.amountFen;
    } else if (actions.has('hold') && c.release) {
      releasedFen += c.amountFen;
    } else if (actions.has('hold')) {
      p.heldFen += c.amountFen;
      heldFen += c.amountFen;
    }
  }
  return {
    ...summary,
    sampleId: sample?.sampleId ?? null,
    seed: sample?.seed ?? null,
    byStratum: (sample?.byStratum ?? []).map((s) => {
      const checked = s.sampled.filter((id) => checkedIds.has(id)).length;
      return {
        stratum: s.stratum,
        total: s.total,
        required: s.required,
        sampled: s.sampled.length,
        checked,
        shareCheckedBasisPoints: share(checked, s.total),
      };
    }),
    byProvider: [...providers.values()].sort((a, b) => (a.providerId < b.providerId ? -1 : 1)),
    heldFen,
    reversedFen,
    releasedFen,
  };
}

/**
 * The results the county publishes (结果主动向社会公布): counts only — services, checked, the share, checks by method,
 * findings by kind, and per provider its services, checks and findings. No visit, person, worker or check id.
 */
export interface PublicSupervisionResults extends Pick<
  SupervisionSummary,
  'county' | 'year' | 'services' | 'checked' | 'shareCheckedBasisPoints' | 'requiredShareBasisPoints' | 'byMethod'
> {
  meetsShare: boolean;
  findings: { kind: FindingKind; name: string; count: number }[];
  providers: { provider: string; services: number; checked: number; findings: number }[];
}

export function publicResults(
  report: SupervisionReport,
  providerName: (providerId: string) => string = (id) => id,
): PublicSupervisionResults {
  return {
    county: report.county,
    year: report.year,
    services: report.services,
    checked: report.checked,
    shareCheckedBasisPoints: report.shareCheckedBasisPoints,
    requiredShareBasisPoints: report.requiredShareBasisPoints,
    meetsShare: report.meetsShare,
    byMethod: report.byMethod,
    findings: (Object.keys(findingNames) as FindingKind[]).map((kind) => ({
      kind,
      name: findingNames[kind].zh,
      count: report.findingsByKind[kind],
    })),
    providers: report.byProvider.map((p) => ({
      provider: p.providerName ?? providerName(p.providerId),
      services: p.services,
      checked: p.checked,
      findings: Object.values(p.findings).reduce((s, n) => s + (n ?? 0), 0),
    })),
  };
}
