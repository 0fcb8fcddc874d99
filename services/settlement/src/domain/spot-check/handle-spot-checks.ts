import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError, type Commits } from '@carelink/contracts';
import type { PolicyPack, PolicyPacks } from '@carelink/policy';
import { v7 as uuidv7 } from 'uuid';
import type { Accrual } from '../accrual';
import type { StoredStatement } from '../statement/statement';
import { paysUnverified } from '../statement/statement-reader';
import { checkIdOf, recordCheck, type RecordCheckCommand, type StoredCheck } from './record-check';
import { releaseHold } from './release-hold';
import { drawSample, verifiedServicesOf, type StoredSample } from './spot-check-sample';
import {
  publicResults,
  supervisionReport,
  type PublicSupervisionResults,
  type SupervisionReport,
} from './supervision-report';

/** What the county's spot-check use cases read and write. */
export interface SpotCheckDeps {
  accruals: { ofYear(within: string, year: number): Promise<Accrual[]> };
  statements: { ofPlace(place: { providerId: string; township: string }): Promise<StoredStatement[]> };
  spotChecks: {
    sample(sampleId: string): Promise<StoredSample | null>;
    samplesOf(within: string, year: number): Promise<Omit<StoredSample, 'visits' | 'byStratum'>[]>;
    checksOf(sampleId: string): Promise<StoredCheck[]>;
    check(checkId: string): Promise<StoredCheck | null>;
  };
  /** The providers' names their contracts give, by id (what the report and the published results show). */
  providerNames: { namesIn(region: string): Promise<Map<string, string>> };
  samples: Commits<StoredSample>;
  checks: Commits<StoredCheck>;
  policies: Pick<PolicyPacks, 'get' | 'regions'>;
  /** The service's audit trail: every draw is recorded with its seed, every hold released with its reason. */
  audit: { record(entry: DrawAudited | ReleaseAudited): Promise<void> };
}

/** The audit entry of a draw (a subset of the trail's entry). */
export interface DrawAudited {
  actor: string;
  role: string;
  actorJurisdiction: string;
  action: 'create';
  subjectType: 'spot_check_sample';
  subjectId: string;
  places: string[];
  resource: string;
  purpose: string;
}

/** The audit entry of a hold released (a subset of the trail's entry). */
export interface ReleaseAudited {
  actor: string;
  role: string;
  actorJurisdiction: string;
  action: 'update';
  subjectType: 'spot_check';
  subjectId: string;
  subjectIds: string[];
  places: string[];
  resource: string;
  purpose: string;
}

/** The pack of the caller's region and the county they name (a 6-digit code within their jurisdiction). */
function countyOf(principal: StaffPrincipal, county: string, deps: Pick<SpotCheckDeps, 'policies'>): PolicyPack {
  if (!/^\d{6}$/.test(county))
    throw DomainError.invalid('invalid_county', 'county is a 6-digit division code', '请填写6位县(市、区)代码');
  assertCovers(principal, county, principal.region);
  const pack = deps.policies.get(principal.region);
  if (!pack)
    throw DomainError.forbidden('unknown_region', `no policy pack for ${principal.region}`, '未找到本地区的政策配置');
  return pack;
}

const mustExist = (sample: StoredSample | null, sampleId: string): StoredSample => {
  if (!sample) throw DomainError.notFound(`spot-check sample ${sampleId}`, '该抽查样本');
  return sample;
};

/**
 * DrawSpotCheckSample (county): the year's verified services of the county, sampled per stratum at the pack's
 * share with the seed given (or a new one); stored as a new sample and audited (who drew which seed).
 */
export async function handleDrawSample(
  command: { county: string; year: number; seed?: string | undefined },
  principal: StaffPrincipal,
  deps: SpotCheckDeps,
): Promise<StoredSample> {
  const pack = countyOf(principal, command.county, deps);
  const accruals = await deps.accruals.ofYear(command.county, command.year);
  const population = verifiedServicesOf(accruals, paysUnverified(deps.policies, principal.region));
  if (population.length === 0)
    throw DomainError.conflict(
      'no_services',
      `county ${command.county} has no verified services in ${command.year}`,
      `该县(市、区) ${command.year} 年度没有已核实的服务记录，无法抽样`,
    );
  const sampleId = uuidv7();
  const sample = await deps.samples.commit(sampleId, (current, ctx) =>
    drawSample(
      current,
      {
        sampleId,
        region: principal.region,
        county: command.county,
        year: command.year,
        ...(command.seed !== undefined ? { seed: command.seed } : {}),
        rule: pack.spotCheck,
        population,
        drawnBy: principal.sub,
      },
      ctx,
    ),
  );
  await deps.audit.record({
    actor: principal.sub,
    role: principal.role,
    actorJurisdiction: principal.jurisdiction,
    action: 'create',
    subjectType: 'spot_check_sample',
    subjectId: sample.sampleId,
    places: [sample.county],
    resource: 'POST /spot-checks/samples',
    purpose: `drew the ${sample.year} spot-check sample of ${sample.county} with seed ${sample.seed}: ${sample.sampled} of ${sample.services} services`,
  });
  return sample;
}

/** A sample as the county works through it: per stratum its progress, per visit its check (case masked). */
export interface SampleView extends Omit<StoredSample, 'visits' | 'byStratum'> {
  checked: number;
  byStratum: (StoredSample['byStratum'][number] & { checked: number })[];
  visits: (Omit<StoredSample['visits'][number], 'caseId'> & { caseRef: string; check: StoredCheck | null })[];
}

/** `…` and the last four characters of an internal case id: enough to tell two apart on the list. */
const maskedCase = (caseId: string) => `****${caseId.slice(-4)}`;

export async function handleSampleView(
  sampleId: string,
  principal: StaffPrincipal,
  deps: SpotCheckDeps,
): Promise<SampleView> {
  const sample = mustExist(await deps.spotChecks.sample(sampleId), sampleId);
  assertCovers(principal, sample.county, sample.region);
  const checks = new Map((await deps.spotChecks.checksOf(sampleId)).map((c) => [c.serviceId, c]));
  const { visits, byStratum, ...head } = sample;
  return {
    ...head,
    checked: checks.size,
    byStratum: byStratum.map((s) => ({ ...s, checked: s.sampled.filter((id) => checks.has(id)).length })),
    visits: visits.map(({ caseId, ...v }) => ({
      ...v,
      caseRef: maskedCase(caseId),
      check: checks.get(v.serviceId) ?? null,
    })),
  };
}

/**
 * RecordSpotCheck (county): the result of checking one sampled visit; a finding that it was not (fully)
 * delivered holds the visit's line while its statement is a draft, or reverses it once confirmed (an adjusting
 * line on the next open statement).
 */
export async function handleRecordCheck(
  sampleId: string,
  command: Omit<RecordCheckCommand, 'checkId' | 'checkedBy'>,
  principal: StaffPrincipal,
  deps: SpotCheckDeps,
): Promise<StoredCheck> {
  const sample = mustExist(await deps.spotChecks.sample(sampleId), sampleId);
  assertCovers(principal, sample.county, sample.region);
  const visit = sample.visits.find((v) => v.serviceId === command.visitId);
  const stored = visit ? await deps.statements.ofPlace(visit) : [];
  const lineFrozen = visit !== undefined && stored.some((s) => s.month === visit.month);
  const checkId = checkIdOf(sampleId, command.visitId);
  return deps.checks.commit(checkId, (current, ctx) =>
    recordCheck(current, sample, { ...command, checkId, checkedBy: principal.sub }, lineFrozen, ctx),
  );
}

/**
 * ReleaseSpotCheckHold (county): lifts the hold a spot check put on a visit's line, with the reason (a re-check,
 * the provider's evidence), audited. The line is paid again: on its draft statement when next computed, or, once its
 * month is confirmed, by an adjusting line of the next open statement (see `releaseHold` for the refusals).
 */
export async function handleReleaseHold(
  checkId: string,
  command: { reason: string },
  principal: StaffPrincipal,
  deps: SpotCheckDeps,
): Promise<StoredCheck> {
  const check = await deps.spotChecks.check(checkId);
  if (!check) throw DomainError.notFound(`spot check ${checkId}`, '该抽查记录');
  assertCovers(principal, check.township, check.region);
  const stored = await deps.statements.ofPlace(check);
  const statementState = stored.find((s) => s.month === check.month)?.state ?? 'draft';
  const released = await deps.checks.commit(checkId, (current, ctx) =>
    releaseHold(current, { checkId, reason: command.reason, releasedBy: principal.sub, statementState }, ctx),
  );
  await deps.audit.record({
    actor: principal.sub,
    role: principal.role,
    actorJurisdiction: principal.jurisdiction,
    action: 'update',
    subjectType: 'spot_check',
    subjectId: checkId,
    subjectIds: [check.serviceId],
    places: [check.township],
    resource: 'POST /spot-checks/:checkId/release',
    purpose: `released the hold of spot check ${checkId} on visit ${check.serviceId} (statement ${statementState}): ${released.release?.reason ?? ''}`,
  });
  return released;
}

/**
 * The county-year's supervision report (counts, findings, amounts held and reversed) of the sample being worked:
 * the latest with checks recorded, else the latest drawn.
 */
export async function supervisionReportOf(
  county: string,
  year: number,
  region: string,
  deps: Pick<SpotCheckDeps, 'accruals' | 'spotChecks' | 'policies' | 'providerNames'>,
): Promise<SupervisionReport> {
  const pack = deps.policies.get(region);
  if (!pack) throw DomainError.notFound(`the policy pack of ${region}`, '该地区的政策配置');
  const [accruals, samples, providerNames] = await Promise.all([
    deps.accruals.ofYear(county, year),
    deps.spotChecks.samplesOf(county, year),
    deps.providerNames.namesIn(region),
  ]);
  // The sample being worked: the latest with checks recorded, else the latest drawn (a redraw before any check
  // replaces the sample; checks are never moved between samples).
  let chosen: { sampleId: string; checks: StoredCheck[] } | undefined;
  for (const head of samples.filter((x) => x.county === county)) {
    const checks = await deps.spotChecks.checksOf(head.sampleId);
    chosen ??= { sampleId: head.sampleId, checks };
    if (checks.length > 0) {
      chosen = { sampleId: head.sampleId, checks };
      break;
    }
  }
  const sample = chosen ? ((await deps.spotChecks.sample(chosen.sampleId)) ?? undefined) : undefined;
  const checks = chosen?.checks ?? [];
  return supervisionReport({
    county,
    year,
    services: verifiedServicesOf(accruals, paysUnverified(deps.policies, region)),
    sample,
    shareBasisPoints: pack.spotCheck.shareBasisPoints,
    checks,
    providerNames,
  });
}

export async function handleSupervisionReport(
  query: { county: string; year: number },
  principal: StaffPrincipal,
  deps: SpotCheckDeps,
): Promise<SupervisionReport> {
  countyOf(principal, query.county, deps);
  return supervisionReportOf(query.county, query.year, principal.region, deps);
}

/**
 * The published results of a county-year (public, counts only): the region is the one whose pack has the county;
 * providers by the name their contracts give (a provider no contract names: by its id).
 */
export async function handlePublicResults(
  query: { county: string; year: number },
  deps: SpotCheckDeps,
): Promise<PublicSupervisionResults> {
  if (!/^\d{6}$/.test(query.county))
    throw DomainError.invalid('invalid_county', 'county is a 6-digit division code', '请填写6位县(市、区)代码');
  const region = deps.policies
    .regions()
    .find((r) => deps.policies.get(r)?.jurisdictions.some((j) => j.code.startsWith(query.county)));
  if (!region) throw DomainError.notFound(`county ${query.county}`, '该县(市、区)');
  return publicResults(await supervisionReportOf(query.county, query.year, region, deps));
}
