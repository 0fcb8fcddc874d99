/**
 * Releasing a spot check's hold (a re-check or the provider's evidence cleared the visit): the line is paid again —
 * on its draft statement, or by a 补结 adjusting line once its month was confirmed with the line held — and what
 * holds nothing (a confirmed visit, a reversal, a hold released already) is refused. Also the providers' names
 * settlement learns from contract.registered.v1 for the report and the published results, and the neighbour visits'
 * stored jurisdictions.
 */
import { DomainError, useCaseContext, type ContractRegistered, type EventOf } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import { neighbourVisitMapping } from '../src/data-access/neighbour-visit-repository';
import { learnProviderName } from '../src/domain/provider-names/provider-name';
import { checkIdOf, recordCheck, type StoredCheck } from '../src/domain/spot-check/record-check';
import { releaseHold } from '../src/domain/spot-check/release-hold';
import { spotCheckEffects, type HoldRelease } from '../src/domain/spot-check/spot-check-result';
import { drawSample, verifiedServicesOf } from '../src/domain/spot-check/spot-check-sample';
import { publicResults, supervisionReport } from '../src/domain/spot-check/supervision-report';
import { computeStatement, type StoredStatement } from '../src/domain/statement/statement';
import { accrualOf, VISIT } from './visit-fixture';

const { spotCheck } = loadPolicyPacks().get('chizhou')!;
const ctx = useCaseContext(new Date('2026-12-05T10:00:00+08:00'));
const later = useCaseContext(new Date('2026-12-20T10:00:00+08:00'));

const accruals = Array.from({ length: 4 }, (_, i) =>
  accrualOf({
    visitId: `r-${i}`,
    month: '2026-10',
    serviceDate: '2026-10-10',
    deliveredAt: `2026-10-1${i}T09:00:00+08:00`,
  }),
);
const population = verifiedServicesOf(accruals, false);
const sample = drawSample(
  undefined,
  {
    sampleId: 'sample-r',
    region: 'chizhou',
    county: '341702',
    year: 2026,
    seed: 'R',
    rule: spotCheck,
    population,
    drawnBy: 'cty-1',
  },
  ctx,
).state!;
const visitId = sample.visits[0]!.serviceId;
const checkId = checkIdOf(sample.sampleId, visitId);

const check = (outcome: 'not_delivered' | 'confirmed' | 'quality_issue', lineFrozen: boolean): StoredCheck =>
  recordCheck(
    undefined,
    sample,
    {
      checkId,
      visitId,
      method: 'home_visit',
      outcome,
      note: outcome === 'confirmed' ? '' : '复核',
      checkedBy: 'cty-1',
    },
    lineFrozen,
    ctx,
  ).state!;

const release = (
  current: StoredCheck | undefined,
  reason = '复查：服务对象确认当天已上门服务',
  state: HoldRelease['statementState'] = 'draft',
) => releaseHold(current, { checkId, reason, releasedBy: 'cty-2', statementState: state }, later);

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return [(e as DomainError).kind, (e as DomainError).code];
  }
  return 'accepted';
};

describe('ReleaseSpotCheckHold', () => {
  it('records who released the hold, when and why, and publishes spot-check.hold-released.v1', () => {
    const held = check('not_delivered', false);
    const decision = release(held);
    expect(decision.state!.release).toEqual({
      reason: '复查：服务对象确认当天已上门服务',
      releasedBy: 'cty-2',
      releasedAt: later.now.toISOString(),
      statementState: 'draft',
    });
    expect(decision.state!.findings).toEqual(held.findings); // the finding stays on record
    expect(decision.events?.map((e) => [e.type, e.key, e.data])).toEqual([
      [
        'spot-check.hold-released.v1',
        sample.sampleId,
        expect.objectContaining({
          checkId,
          visitId,
          lines: held.findings[0]!.lines,
          amountFen: 1500,
          statementState: 'draft',
          reason: '复查：服务对象确认当天已上门服务',
          releasedBy: 'cty-2',
        }),
      ],
    ]);
  });

  it('refuses a check that holds nothing, a reversal, a second release, no reason and no check', () => {
    const held = check('not_delivered', false);
    expect(refusal(() => release(check('confirmed', false)))).toEqual(['conflict', 'not_held']);
    expect(refusal(() => release(check('quality_issue', false)))).toEqual(['conflict', 'not_held']);
    expect(refusal(() => release(check('not_delivered', true)))).toEqual(['conflict', 'line_reversed']);
    expect(refusal(() => release(release(held).state!))).toEqual(['conflict', 'already_released']);
    expect(refusal(() => release(held, '  '))).toEqual(['invalid', 'reason_required']);
    expect(refusal(() => release(undefined))).toEqual(['not_found', 'not_found']);
  });

  const key = { region: 'chizhou', township: VISIT.township, providerId: VISIT.providerId, month: '2026-10' };
  const payUnverified = false;

  it('a draft statement pays the released line again', () => {
    const held = check('not_delivered', false);
    const facts = (c: StoredCheck) => ({
      terms: new Map(),
      holds: new Map(),
      payUnverified,
      spotChecks: spotCheckEffects([c]),
    });
    const before = computeStatement({ key, visits: accruals, confirmedBefore: [], facts: facts(held) });
    expect(before.lines.find((l) => l.lineId === visitId)).toMatchObject({ status: 'held' });
    expect(before.heldFen).toBe(1500);
    const after = computeStatement({
      key,
      visits: accruals,
      confirmedBefore: [],
      facts: facts(release(held).state!),
    });
    expect(after.lines.find((l) => l.lineId === visitId)).toMatchObject({ status: 'payable', amountFen: 1500 });
    expect([after.heldFen, after.payableFen - before.payableFen]).toEqual([0, 1500]);
  });

  it('a month confirmed with the line held pays it back by a 补结 adjusting line of the next open statement', () => {
    const held = check('not_delivered', false);
    const asConfirmed = computeStatement({
      key,
      visits: accruals,
      confirmedBefore: [],
      facts: { terms: new Map(), holds: new Map(), payUnverified, spotChecks: spotCheckEffects([held]) },
    });
    const stored: StoredStatement = {
      ...key,
      statementId: asConfirmed.statementId,
      state: 'approved',
      history: [],
      frozen: { lines: asConfirmed.lines, excluded: asConfirmed.excluded },
    };
    const november = (c: StoredCheck) =>
      computeStatement({
        key: { ...key, month: '2026-11' },
        visits: [],
        confirmedBefore: [{ stored, visits: accruals }],
        facts: { terms: new Map(), holds: new Map(), payUnverified, spotChecks: spotCheckEffects([c]) },
      });
    expect(november(held).lines).toEqual([]); // still held: nothing to adjust
    const released = release(held, '服务机构提供签到照片与服务对象签字', 'approved').state!;
    expect(released.release?.statementState).toBe('approved');
    expect(november(released).lines).toEqual([
      expect.objectContaining({
        lineId: `${visitId}@2026-11`,
        kind: 'adjustment',
        amountFen: 1500,
        status: 'payable',
        adjusts: { month: '2026-10', lineId: visitId },
        reason: expect.objectContaining({ code: 'released' }),
      }),
    ]);
  });

  it('the report counts a released hold as released, not held', () => {
    const held = check('not_delivered', false);
    const report = (c: StoredCheck) =>
      supervisionReport({
        county: '341702',
        year: 2026,
        services: population,
        sample,
        shareBasisPoints: 3000,
        checks: [c],
      });
    expect(report(held)).toMatchObject({ heldFen: 1500, releasedFen: 0, linesHeld: 1, linesReleased: 0 });
    const after = report(release(held).state!);
    expect(after).toMatchObject({ heldFen: 0, releasedFen: 1500, linesHeld: 0, linesReleased: 1 });
    expect(after.byProvider[0]).toMatchObject({ heldFen: 0, findings: { not_delivered: 1 } });
  });
});

describe('providers by name (contract.registered.v1)', () => {
  const contract = (
    contractId: string,
    validFrom: string,
    providerName: string,
  ): EventOf<typeof ContractRegistered> => ({
    specversion: '1.0',
    id: `ev-${contractId}`,
    source: '/carelink/referral',
    type: 'contract.registered.v1',
    time: '2026-01-01T00:00:00Z',
    datacontenttype: 'application/json',
    partitionkey: VISIT.providerId,
    data: {
      contractId,
      region: 'chizhou',
      providerId: VISIT.providerId,
      providerName,
      itemCodes: ['CZ-SH-01'],
      townships: [VISIT.township],
      monthlyCapacity: 100,
      validFrom,
      validTo: '2026-12-31',
      registeredAt: '2026-01-01T08:00:00+08:00',
    },
  });

  it('keeps the name of the contract starting last; a redelivery or an older contract changes nothing', () => {
    const first = learnProviderName(undefined, contract('c-1', '2026-01-01', '池州市颐康社工服务中心')).state!;
    expect(first).toMatchObject({ providerId: VISIT.providerId, name: '池州市颐康社工服务中心' });
    expect(learnProviderName(first, contract('c-1', '2026-01-01', '池州市颐康社工服务中心'))).toEqual({});
    expect(learnProviderName(first, contract('c-0', '2025-01-01', '旧名称'))).toEqual({});
    expect(learnProviderName(first, contract('c-2', '2026-07-01', '池州市颐康养老服务中心')).state!.name).toBe(
      '池州市颐康养老服务中心',
    );
  });

  it('the report and the published results name providers; one no contract names keeps its id', () => {
    const report = supervisionReport({
      county: '341702',
      year: 2026,
      services: [...population, { ...population[0]!, serviceId: 'other', providerId: 'prov-unknown' }],
      sample,
      shareBasisPoints: 3000,
      checks: [],
      providerNames: new Map([[VISIT.providerId, '池州市颐康社工服务中心']]),
    });
    expect(publicResults(report).providers.map((p) => p.provider)).toEqual(['池州市颐康社工服务中心', 'prov-unknown']);
  });
});

describe('neighbour visits are stored with their jurisdictions', () => {
  it('writes every code the township lies within, and reads the visit back without it', () => {
    const visit = {
      visitId: 'nv-1',
      neighbourId: 'nb-1',
      region: 'chizhou',
      township: '341702001',
      village: '341702001201',
      date: '2026-05-01',
      year: 2026,
      itemCode: 'CZ-LL-01',
      eventId: 'e1',
    };
    const doc = neighbourVisitMapping.toDocument(visit);
    expect(doc.jurisdictions).toEqual(['34', '3417', '341702', '341702001']);
    expect(neighbourVisitMapping.fromDocument({ _id: 'nv-1', _version: 1, ...doc })).toEqual(visit);
  });
});
