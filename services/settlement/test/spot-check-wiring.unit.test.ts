/**
 * The county's spot checks as use cases (000 三(五)1) and the neighbour subsidy's counted visits (000 三(六)6): a
 * sample drawn and stored with its seed, a check's finding turned into a hold or reversal of the visit's line, the
 * statement lines those give, the yearly report and its public cut, each visit counted once.
 */
import { DomainError, useCaseContext, type EventOf, type NeighbourVisitRecorded } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import { countNeighbourVisit } from '../src/domain/neighbour-help/counted-visit';
import { checkIdOf, defaultAction, recordCheck } from '../src/domain/spot-check/record-check';
import { spotCheckEffects } from '../src/domain/spot-check/spot-check-result';
import { drawSample, verifiedServicesOf, type StoredSample } from '../src/domain/spot-check/spot-check-sample';
import { publicResults, supervisionReport } from '../src/domain/spot-check/supervision-report';
import { computeStatement } from '../src/domain/statement/statement';
import { accrualOf, VISIT } from './visit-fixture';

const { spotCheck } = loadPolicyPacks().get('chizhou')!;
const ctx = useCaseContext(new Date('2026-12-05T10:00:00+08:00'));

const accruals = [
  ...Array.from({ length: 10 }, (_, i) =>
    accrualOf({ visitId: `a-${i}`, month: '2026-09', serviceDate: '2026-09-10' }),
  ),
  ...Array.from({ length: 4 }, (_, i) => accrualOf({ visitId: `b-${i}`, itemCode: 'CZ-JK-02' })),
  accrualOf({ visitId: 'disputed', verification: 'disputed' }),
  accrualOf({ visitId: 'unverified', verification: 'unverified' }),
];
const population = verifiedServicesOf(accruals, false);

const drawn = (seed?: string, sampleId = 'sample-1'): StoredSample =>
  drawSample(
    undefined,
    {
      sampleId,
      region: 'chizhou',
      county: '341702',
      year: 2026,
      ...(seed !== undefined ? { seed } : {}),
      rule: spotCheck,
      population,
      drawnBy: 'cty-1',
    },
    ctx,
  ).state!;

describe('DrawSpotCheckSample: stored with its seed, never changed', () => {
  it('draws from the verified services only, at least the share of each stratum, the same for the same seed', () => {
    expect(population.map((p) => p.serviceId)).not.toContain('disputed');
    expect(population.map((p) => p.serviceId)).not.toContain('unverified');
    expect(verifiedServicesOf(accruals, true).map((p) => p.serviceId)).toContain('unverified');
    const first = drawn('S');
    expect(first.byStratum.map((s) => [s.total, s.sampled.length])).toEqual([
      [4, 2],
      [10, 3],
    ]);
    expect(drawn('S', 'sample-2').visits).toEqual(first.visits);
    expect(first.visits.every((v) => v.amountFen === 1500)).toBe(true);
  });

  it('gets a seed of its own when none is given, and a stored sample decides nothing new', () => {
    const own = drawn();
    expect(own.seed).toMatch(/\S/);
    const decision = drawSample(
      own,
      {
        sampleId: own.sampleId,
        region: 'chizhou',
        county: '341702',
        year: 2026,
        seed: 'other',
        rule: spotCheck,
        population,
        drawnBy: 'x',
      },
      ctx,
    );
    expect(decision).toEqual({ result: own });
  });

  it('publishes spot-check.sample-drawn.v1 with the seed and the counts', () => {
    const d = drawSample(
      undefined,
      {
        sampleId: 's',
        region: 'chizhou',
        county: '341702',
        year: 2026,
        seed: 'S',
        rule: spotCheck,
        population,
        drawnBy: 'cty-1',
      },
      ctx,
    );
    expect(d.events?.map((e) => [e.type, e.data])).toEqual([
      [
        'spot-check.sample-drawn.v1',
        expect.objectContaining({ seed: 'S', services: 14, sampled: 5, strataCount: 2, shareBasisPoints: 3000 }),
      ],
    ]);
  });
});

describe('RecordSpotCheck: a finding holds an unpaid line and reverses a paid one', () => {
  const sample = drawn('S');
  const visitId = sample.visits[0]!.serviceId;
  const command = (over: Partial<Parameters<typeof recordCheck>[2]> = {}) => ({
    checkId: checkIdOf(sample.sampleId, visitId),
    visitId,
    method: 'home_visit' as const,
    outcome: 'not_delivered' as const,
    note: '无人上门',
    checkedBy: 'cty-1',
    ...over,
  });

  it('not delivered: hold while the statement is a draft, reverse once it is confirmed; a quality issue: none', () => {
    expect(defaultAction('not_delivered', false)).toBe('hold');
    expect(defaultAction('not_delivered', true)).toBe('reverse');
    expect(defaultAction('partially', true)).toBe('reverse');
    expect(defaultAction('quality_issue', true)).toBe('none');
    const held = recordCheck(undefined, sample, command(), false, ctx).state!;
    const visit = sample.visits[0]!;
    expect(held.findings).toEqual([
      {
        kind: 'not_delivered',
        note: '无人上门',
        action: 'hold',
        lines: [{ statementId: `${visit.month}:${visit.township}:${visit.providerId}`, lineId: visitId }],
      },
    ]);
    expect(held.inSample).toBe(true);
    expect(recordCheck(undefined, sample, command(), true, ctx).state!.findings[0]!.action).toBe('reverse');
    expect(
      recordCheck(undefined, sample, command({ outcome: 'confirmed', note: '' }), true, ctx).state!.findings,
    ).toEqual([]);
  });

  it('refuses a visit outside the sample, a second check, and a finding without a note', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).code;
      }
      return 'accepted';
    };
    expect(refused(() => recordCheck(undefined, sample, command({ visitId: 'disputed' }), false, ctx))).toBe(
      'not_in_sample',
    );
    const first = recordCheck(undefined, sample, command(), false, ctx).state!;
    expect(refused(() => recordCheck(first, sample, command(), false, ctx))).toBe('already_checked');
    expect(refused(() => recordCheck(undefined, sample, command({ note: ' ' }), false, ctx))).toBe(
      'invalid_spot_check',
    );
  });

  it('the statement holds the draft line, and a confirmed month gets a reversing adjusting line', () => {
    const checks = [recordCheck(undefined, sample, command(), false, ctx).state!];
    const visits = accruals.filter((a) => a.visitId === visitId);
    const facts = { terms: new Map(), holds: new Map(), payUnverified: false, spotChecks: spotCheckEffects(checks) };
    const key = { region: 'chizhou', township: VISIT.township, providerId: VISIT.providerId, month: visits[0]!.month };
    const draft = computeStatement({ key, visits, confirmedBefore: [], facts });
    expect(draft.lines[0]).toMatchObject({ status: 'held', reason: { code: 'spot_check_hold' } });

    const paidMonth = computeStatement({
      key,
      visits,
      confirmedBefore: [],
      facts: { ...facts, spotChecks: new Map() },
    });
    const stored = {
      ...key,
      statementId: paidMonth.statementId,
      state: 'paid' as const,
      history: [],
      frozen: { lines: paidMonth.lines, excluded: paidMonth.excluded },
    };
    const reversal = recordCheck(undefined, sample, command(), true, ctx).state!;
    const next = computeStatement({
      key: { ...key, month: '2026-12' },
      visits: [],
      confirmedBefore: [{ stored, visits }],
      facts: { ...facts, spotChecks: spotCheckEffects([reversal]) },
    });
    expect(next.lines).toEqual([
      expect.objectContaining({
        lineId: `${visitId}@2026-12`,
        kind: 'adjustment',
        amountFen: -1500,
        reason: expect.objectContaining({ code: 'reversed' }),
      }),
    ]);
    expect(next.lines[0]!.reason!.zh).toContain('县级抽查查实“服务未提供”');
  });
});

describe('the yearly supervision report and the published results', () => {
  const sample = drawn('S');
  const [x, y] = sample.visits;
  const checks = [
    recordCheck(
      undefined,
      sample,
      {
        checkId: 'c1',
        visitId: x!.serviceId,
        method: 'home_visit',
        outcome: 'not_delivered',
        note: '无人上门',
        checkedBy: 'c',
      },
      true,
      ctx,
    ).state!,
    recordCheck(
      undefined,
      sample,
      {
        checkId: 'c2',
        visitId: y!.serviceId,
        method: 'phone_call',
        outcome: 'not_delivered',
        note: '否认',
        checkedBy: 'c',
      },
      false,
      ctx,
    ).state!,
  ];
  const report = supervisionReport({
    county: '341702',
    year: 2026,
    services: population,
    sample,
    shareBasisPoints: 3000,
    checks,
  });

  it('counts the share per stratum, findings per provider and the amounts held and reversed', () => {
    expect(report).toMatchObject({
      services: 14,
      checked: 2,
      sampleOutstanding: 3,
      heldFen: 1500,
      reversedFen: 1500,
      meetsShare: false,
    });
    expect(report.byStratum.reduce((s, r) => s + r.checked, 0)).toBe(2);
    expect(report.byProvider).toEqual([
      {
        providerId: VISIT.providerId,
        services: 14,
        checked: 2,
        findings: { not_delivered: 2 },
        heldFen: 1500,
        reversedFen: 1500,
      },
    ]);
  });

  it('publishes counts and provider names only', () => {
    const published = publicResults(report, (id) => `机构 ${id}`);
    expect(published.providers).toEqual([
      { provider: `机构 ${VISIT.providerId}`, services: 14, checked: 2, findings: 2 },
    ]);
    const text = JSON.stringify(published);
    for (const v of sample.visits) expect(text).not.toContain(v.serviceId);
    expect(text).not.toContain(sample.sampleId);
  });
});

describe('neighbour-visit.recorded.v1: each visit counted once', () => {
  const event = (id: string, visitId: string): EventOf<typeof NeighbourVisitRecorded> => ({
    specversion: '1.0',
    id,
    source: '/carelink/provider-scheduling',
    type: 'neighbour-visit.recorded.v1',
    time: '2026-05-01T10:00:00Z',
    datacontenttype: 'application/json',
    partitionkey: 'nb-1',
    data: {
      neighbourId: 'nb-1',
      region: 'chizhou',
      township: '341702001',
      village: '341702001201',
      visitId,
      date: '2026-05-01',
      itemCode: 'CZ-LL-01',
      recordedAt: '2026-05-01T18:00:00+08:00',
    },
  });
  it('keeps the first record of a visit, and a redelivery or a second record changes nothing', () => {
    const first = countNeighbourVisit(undefined, event('e1', 'v1')).state!;
    expect(first).toMatchObject({ visitId: 'v1', neighbourId: 'nb-1', year: 2026, eventId: 'e1' });
    expect(countNeighbourVisit(first, event('e1', 'v1'))).toEqual({});
    expect(countNeighbourVisit(first, event('e2', 'v1'))).toEqual({});
  });
});
