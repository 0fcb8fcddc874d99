/**
 * 000 三(五)1: 抽查比例不少于每年度服务总数的 30% — the county's reproducible stratified sample (township × provider ×
 * item, from the pack), the check results and their findings linked to statement lines (hold or reverse), and the
 * yearly supervision summary (001 四(六)三 结果主动向社会公布).
 */
import { DomainError } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import fc from 'fast-check';
import {
  drawSpotCheckSample,
  requiredCount,
  sampleRank,
  type ServiceToSample,
} from '../src/domain/spot-check/draw-sample';
import { lineActionsOf, recordSpotCheck, type SpotCheckResult } from '../src/domain/spot-check/spot-check-result';
import { supervisionSummary } from '../src/domain/spot-check/supervision-summary';

const { spotCheck } = loadPolicyPacks().get('chizhou')!;

/** A year of services: 2 townships × 2 providers × 3 items, stratum sizes 1…12. */
function year(): ServiceToSample[] {
  const services: ServiceToSample[] = [];
  let size = 1;
  for (const township of ['341702001', '341702002'])
    for (const providerId of ['p-a', 'p-b'])
      for (const itemCode of ['CZ-SH-01', 'CZ-QJ-01', 'CZ-JK-02']) {
        for (let i = 0; i < size; i += 1)
          services.push({ serviceId: `${township}-${providerId}-${itemCode}-${i}`, township, providerId, itemCode });
        size += 1;
      }
  return services;
}

const draw = (seed: string, services = year()) =>
  drawSpotCheckSample({ seed, services, shareBasisPoints: spotCheck.shareBasisPoints, strata: spotCheck.strata });

describe('000 三(五)1: the spot-check sample', () => {
  it('is the same every time for a seed, whatever order the services come in', () => {
    const first = draw('2026-县民政局-第1次抽查');
    expect(draw('2026-县民政局-第1次抽查')).toEqual(first);
    expect(draw('2026-县民政局-第1次抽查', [...year()].reverse())).toEqual(first);
    expect(draw('another seed').sample).not.toEqual(first.sample);
  });

  it('draws at least 30 % of every township × provider × item stratum, and so of the year', () => {
    const sample = draw('seed-1');
    expect(sample.byStratum).toHaveLength(12);
    for (const s of sample.byStratum) {
      expect(s.sampled).toHaveLength(Math.ceil((s.total * 30) / 100));
      expect(s.sampled.length * 10_000).toBeGreaterThanOrEqual(s.total * 3000);
      for (const id of s.sampled)
        expect(id.startsWith(`${s.stratum.township}-${s.stratum.provider}-${s.stratum.item}-`)).toBe(true);
    }
    expect(sample.total).toBe(78);
    expect(sample.sampledCount * 10_000).toBeGreaterThanOrEqual(sample.total * 3000);
    // A stratum of one is checked in full; of 10, three.
    expect(sample.byStratum.find((s) => s.total === 1)!.sampled).toHaveLength(1);
    expect(sample.byStratum.find((s) => s.total === 10)!.required).toBe(3);
  });

  it('takes each stratum’s lowest sha256(seed, id) ranks, so anyone can re-draw it by hand', () => {
    const services = year().filter(
      (s) => s.township === '341702002' && s.providerId === 'p-b' && s.itemCode === 'CZ-JK-02',
    );
    const ranked = services.map((s) => s.serviceId).sort((a, b) => (sampleRank('x', a) < sampleRank('x', b) ? -1 : 1));
    expect(draw('x', services).sample).toEqual(ranked.slice(0, requiredCount(services.length, 3000)));
    // The rank is plain sha256 of seed, NUL, id (as `printf 'x\0v-1' | sha256sum` prints it).
    expect(sampleRank('x', 'v-1')).toBe('d2790112c0bbf43309e042d3181603f22caebc99d58ab5414bc29baca51caca3');
  });

  it('counts a service listed twice once; refuses an empty seed or a share outside 1–10000 basis points', () => {
    const services = year();
    expect(draw('s', [...services, services[0]!]).total).toBe(78);
    expect(() => draw(' ')).toThrow(/seed/);
    expect(() => drawSpotCheckSample({ seed: 's', services, shareBasisPoints: 0, strata: spotCheck.strata })).toThrow(
      /basis points/,
    );
  });

  it('≥ the share per stratum for any year and any share', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('t1', 't2'), fc.constantFrom('p1', 'p2', 'p3'), fc.constantFrom('i1', 'i2')),
          {
            maxLength: 120,
          },
        ),
        fc.integer({ min: 1, max: 10_000 }),
        fc.string({ minLength: 1 }),
        (rows, share, seed) => {
          const services = rows.map(([township, providerId, itemCode], i) => ({
            serviceId: `s${i}`,
            township,
            providerId,
            itemCode,
          }));
          const sample = drawSpotCheckSample({
            seed: `${seed}!`,
            services,
            shareBasisPoints: share,
            strata: ['township', 'provider', 'item'],
          });
          for (const s of sample.byStratum) {
            expect(s.sampled.length * 10_000).toBeGreaterThanOrEqual(s.total * share);
            expect((s.sampled.length - 1) * 10_000).toBeLessThan(s.total * share);
          }
          expect(new Set(sample.sample).size).toBe(sample.sample.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('spot-check results: method, findings, and the statement lines they hold or reverse', () => {
  const sample = draw('seed-results');
  const sampled = year().find((s) => s.serviceId === sample.sample[0])!;
  const check = (over: Partial<SpotCheckResult> = {}): Omit<SpotCheckResult, 'inSample'> => ({
    checkId: `chk-${over.serviceId ?? sampled.serviceId}`,
    serviceId: sampled.serviceId,
    county: '341702',
    township: sampled.township,
    providerId: sampled.providerId,
    itemCode: sampled.itemCode,
    year: 2026,
    method: 'home_visit',
    checkedAt: '2026-12-01T02:00:00.000Z',
    checkedBy: 'county-clerk-1',
    findings: [],
    ...over,
  });

  it('records a check of a sampled service with no findings', () => {
    expect(recordSpotCheck(check(), sample)).toMatchObject({ inSample: true, findings: [] });
    const extra = year().find((s) => !sample.sample.includes(s.serviceId))!;
    expect(recordSpotCheck(check({ serviceId: extra.serviceId }), sample).inSample).toBe(false);
  });

  it('a finding that the visit was not delivered must hold or reverse its line; every problem is named at once', () => {
    let error: unknown;
    try {
      recordSpotCheck(
        check({
          method: 'telepathy' as never,
          findings: [
            { kind: 'not_delivered', note: '服务对象称当天无人上门', action: 'none', lines: [] },
            { kind: 'poor_quality', note: '', action: 'hold', lines: [] },
            {
              kind: 'records_incomplete',
              note: '缺少签字',
              action: 'none',
              lines: [{ statementId: 's', lineId: 'l' }],
            },
          ],
        }),
        sample,
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e).toMatchObject({ kind: 'invalid', code: 'invalid_spot_check' });
    expect(e.details?.map((d) => `${d.path} ${d.code}`)).toEqual([
      'method unknown_method',
      'findings.0.action payment_finding_needs_action',
      'findings.1.note note_required',
      'findings.1.lines line_required',
      'findings.2.action action_required',
    ]);
    expect(e.details?.[1]?.message).toBe('“服务未提供”须暂扣或冲销对应结算明细');
    expect(e.messageZh).toBeTruthy();
  });

  it('the statements hold or reverse each linked line once, a reversal winning over a hold', () => {
    const line = { statementId: 'st-11', lineId: sampled.serviceId };
    const results = [
      recordSpotCheck(
        check({
          checkId: 'c1',
          findings: [{ kind: 'records_incomplete', note: '缺签字', action: 'hold', lines: [line] }],
        }),
        sample,
      ),
      recordSpotCheck(
        check({
          checkId: 'c2',
          method: 'phone_call',
          findings: [
            {
              kind: 'not_delivered',
              note: '本人称未上门',
              action: 'reverse',
              lines: [line, { statementId: 'st-11', lineId: 'other' }],
            },
          ],
        }),
        sample,
      ),
    ];
    expect(lineActionsOf(results)).toEqual([
      { ...line, action: 'reverse', checkId: 'c2', finding: 'not_delivered' },
      { statementId: 'st-11', lineId: 'other', action: 'reverse', checkId: 'c2', finding: 'not_delivered' },
    ]);
  });
});

describe('001 四(六)三 / 000 三(五)1: the yearly supervision summary per county', () => {
  const services = year();
  const sample = draw('summary-seed');
  const result = (serviceId: string, over: Partial<SpotCheckResult> = {}): SpotCheckResult => {
    const s = services.find((x) => x.serviceId === serviceId)!;
    return {
      checkId: `c-${serviceId}`,
      serviceId,
      county: '341702',
      township: s.township,
      providerId: s.providerId,
      itemCode: s.itemCode,
      year: 2026,
      inSample: sample.sample.includes(serviceId),
      method: 'records',
      checkedAt: '2026-12-01T00:00:00.000Z',
      checkedBy: 'c',
      findings: [],
      ...over,
    };
  };

  it('the whole sample checked meets the share; counts by method and finding, lines held and reversed', () => {
    const results = sample.sample.map((id, i) =>
      result(id, {
        method: i % 3 === 0 ? 'home_visit' : i % 3 === 1 ? 'phone_call' : 'records',
        findings:
          i === 0
            ? [{ kind: 'not_delivered', note: 'x', action: 'reverse', lines: [{ statementId: 's', lineId: id }] }]
            : i === 1
              ? [{ kind: 'records_incomplete', note: 'y', action: 'hold', lines: [{ statementId: 's', lineId: id }] }]
              : [],
      }),
    );
    const other = result(services.find((s) => !sample.sample.includes(s.serviceId))!.serviceId);
    const summary = supervisionSummary({
      county: '341702',
      year: 2026,
      services,
      sample,
      results: [...results, other, { ...other, checkId: 'other-county', county: '341721' }],
    });
    expect(summary).toMatchObject({
      services: 78,
      checked: sample.sampledCount + 1,
      requiredShareBasisPoints: 3000,
      sampleChecked: true,
      sampleOutstanding: 0,
      checkedOutsideSample: 1,
      meetsShare: true,
      servicesWithFindings: 2,
      linesHeld: 1,
      linesReversed: 1,
    });
    expect(summary.shareCheckedBasisPoints).toBe(Math.floor(((sample.sampledCount + 1) * 10_000) / 78));
    expect(summary.byMethod.home_visit + summary.byMethod.phone_call + summary.byMethod.records).toBe(
      sample.sampledCount + 1,
    );
    expect(summary.findingsByKind).toMatchObject({ not_delivered: 1, records_incomplete: 1, poor_quality: 0 });
    expect(summary.byTownship.map((t) => t.township)).toEqual(['341702001', '341702002']);
    expect(summary.byTownship.reduce((sum, t) => sum + t.services, 0)).toBe(78);
  });

  it('a sample not yet checked in full does not meet the share, and says how many are outstanding', () => {
    const results = sample.sample.slice(1).map((id) => result(id));
    const summary = supervisionSummary({ county: '341702', year: 2026, services, sample, results });
    expect(summary).toMatchObject({ meetsShare: false, sampleChecked: false, sampleOutstanding: 1 });
  });

  it('a year with no services reports zeros', () => {
    const empty = drawSpotCheckSample({ seed: 's', services: [], shareBasisPoints: 3000, strata: spotCheck.strata });
    expect(
      supervisionSummary({ county: '341702', year: 2026, services: [], sample: empty, results: [] }),
    ).toMatchObject({
      services: 0,
      checked: 0,
      shareCheckedBasisPoints: 0,
      meetsShare: true,
    });
  });
});
