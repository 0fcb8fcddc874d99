import { feeStandardOn, loadPolicyPacks, validatePolicyPack, type FeeStandard } from '../src';
import { rawPack } from './raw-packs';

const chizhou = loadPolicyPacks().get('chizhou')!;

/** The chizhou pack with its fee standards replaced. */
const withStandards = (feeStandards: Partial<FeeStandard>[]) => {
  const raw = rawPack('chizhou') as Record<string, unknown>;
  return () => validatePolicyPack({ ...raw, feeStandards }, 'fees.yaml');
};
const meal = { item: 'CZ-SH-01', unit: 'visit', feeFen: 1800, effectiveFrom: '2026-11-15', source: 'local: test' };

describe('fee standards (收费标准) versioned by effective date', () => {
  it('both packs load theirs; each names its source', () => {
    expect(chizhou.feeStandards.length).toBeGreaterThan(0);
    expect(chizhou.feeStandards.every((s) => s.source.length > 0)).toBe(true);
    expect(loadPolicyPacks().get('changji')!.feeStandards.length).toBeGreaterThan(0);
  });

  it('refuses overlapping versions, fractions of a fen, an item or county not in the region, another unit', () => {
    expect(withStandards([meal])).not.toThrow();
    expect(withStandards([meal, { ...meal, feeFen: 1900 }])).toThrow(
      /feeStandards\.1\.effectiveFrom: a second version of CZ-SH-01 from 2026-11-15/,
    );
    expect(withStandards([meal, { ...meal, county: '341702' }])).not.toThrow();
    expect(withStandards([{ ...meal, feeFen: 18.5 }])).toThrow(/feeStandards\.0\.feeFen/);
    expect(withStandards([{ ...meal, item: 'CZ-XX-99' }])).toThrow(/item CZ-XX-99 is not in the catalogue/);
    expect(withStandards([{ ...meal, county: '652301' }])).toThrow(/county 652301 is not in this region/);
    expect(withStandards([{ ...meal, unit: 'hour' }])).toThrow(/priced per visit, not per hour/);
    expect(withStandards([{ ...meal, effectiveFrom: '2026-13-01' }])).toThrow(/2026-13-01 is not a date/);
  });

  it('prices by the version in force on the day: the county’s before the region’s, the catalogue fee before any', () => {
    const pack = {
      catalogue: chizhou.catalogue,
      feeStandards: [
        meal,
        { ...meal, feeFen: 2000, effectiveFrom: '2027-03-01' },
        { ...meal, county: '341702', feeFen: 1700, effectiveFrom: '2026-12-01' },
      ],
    };
    expect(feeStandardOn(pack, 'CZ-SH-01', '341702', '2026-11-14')).toMatchObject({ feeFen: 1500 });
    expect(feeStandardOn(pack, 'CZ-SH-01', '341702', '2026-11-14')!.effectiveFrom).toBeUndefined();
    expect(feeStandardOn(pack, 'CZ-SH-01', '341702', '2026-11-15')).toMatchObject({
      feeFen: 1800,
      effectiveFrom: '2026-11-15',
    });
    expect(feeStandardOn(pack, 'CZ-SH-01', '341702', '2026-12-01')).toMatchObject({ feeFen: 1700, county: '341702' });
    expect(feeStandardOn(pack, 'CZ-SH-01', '341703', '2026-12-01')).toMatchObject({ feeFen: 1800 });
    expect(feeStandardOn(pack, 'CZ-SH-01', '341703', '2027-03-01')).toMatchObject({ feeFen: 2000 });
    expect(feeStandardOn(pack, 'CZ-XX-99', '341702', '2026-12-01')).toBeUndefined();
  });
});
