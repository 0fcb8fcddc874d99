import {
  addWorkingDays,
  ageAt,
  barthelBand,
  barthelItems,
  barthelScore,
  derivedConditions,
  loadPolicyPacks,
  validatePolicyPack,
} from '../src';
import { rawPack } from './raw-packs';

const packs = loadPolicyPacks();

describe('working-day time limits (China time)', () => {
  it('skips weekends', () => {
    // Friday 2026-11-27 09:00 +08:00 plus 1 working day is Monday 30 Nov.
    expect(addWorkingDays(new Date('2026-11-27T01:00:00Z'), 1).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    // Saturday plus 2 working days is Tuesday.
    expect(addWorkingDays(new Date('2026-11-28T01:00:00Z'), 2).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(addWorkingDays(new Date('2026-11-25T01:00:00Z'), 0).toISOString()).toBe('2026-11-25T01:00:00.000Z');
  });

  it('reads the weekday in China time, not UTC', () => {
    // 2026-11-27T20:00Z is Saturday 04:00 in China: one working day later is Monday 30 Nov (China).
    expect(addWorkingDays(new Date('2026-11-27T20:00:00Z'), 1).toISOString()).toBe('2026-11-29T20:00:00.000Z');
  });

  it('counts age in full years in China time', () => {
    expect(ageAt('1966-11-26', new Date('2026-11-25T16:00:00Z'))).toBe(60); // already the 26th in China
    expect(ageAt('1966-11-26', new Date('2026-11-25T15:59:00Z'))).toBe(59);
  });
});

describe('Barthel index', () => {
  it('bands 100 / 61–99 / 41–60 / 0–40', () => {
    expect([100, 99, 61, 60, 41, 40, 0].map(barthelBand)).toEqual([
      'independent',
      'mild',
      'mild',
      'moderate',
      'moderate',
      'severe',
      'severe',
    ]);
  });

  it('accepts only each item’s standard scores', () => {
    const ok = {
      feeding: 10,
      bathing: 5,
      grooming: 5,
      dressing: 10,
      bowels: 10,
      bladder: 10,
      toiletUse: 10,
      transfers: 15,
      mobility: 15,
      stairs: 10,
    };
    expect(barthelScore(barthelItems.parse(ok))).toEqual({ score: 100, band: 'independent' });
    expect(barthelItems.safeParse({ ...ok, bathing: 10 }).success).toBe(false);
    expect(barthelItems.safeParse({ ...ok, transfers: 7 }).success).toBe(false);
  });
});

describe('derived conditions', () => {
  it('Chizhou: 失能半失能老年人 needs 60+ and Barthel ≤ 60; Changji: 老年人 needs 60+', () => {
    const chizhou = packs.get('chizhou')!;
    expect(derivedConditions(chizhou, { age: 60, barthelScore: 60 }).map((c) => c.code)).toEqual(['disabled_elder']);
    expect(derivedConditions(chizhou, { age: 59, barthelScore: 20 })).toEqual([]);
    expect(derivedConditions(chizhou, { age: 80, barthelScore: 65 })).toEqual([]);
    expect(derivedConditions(chizhou, { age: 80 })).toEqual([]);
    expect(derivedConditions(packs.get('changji')!, { age: 60 }).map((c) => c.code)).toEqual(['elderly']);
  });
});

describe('pack validation of time limits and documents', () => {
  it('needs a county time limit where the county approves', () => {
    const changji = rawPack('changji');
    const { countyApprovalWorkingDays: _omit, ...limits } = changji.timeLimits;
    expect(() => validatePolicyPack({ ...changji, timeLimits: limits }, 'x.yaml')).toThrow(
      /timeLimits\.countyApprovalWorkingDays/,
    );
  });

  it('refuses unknown document types and service areas outside the region', () => {
    const chizhou = rawPack('chizhou');
    const passport = { value: ['passport'], source: 'local: test' };
    expect(() => validatePolicyPack({ ...chizhou, requiredDocuments: passport }, 'x.yaml')).toThrow(
      /requiredDocuments\.value\.0/,
    );
    const item = {
      ...chizhou.catalogue[0],
      serviceAreas: ['652301'],
      sources: { ...chizhou.catalogue[0].sources, serviceAreas: 'local: test' },
    };
    expect(() => validatePolicyPack({ ...chizhou, catalogue: [item] }, 'x.yaml')).toThrow(
      /catalogue\.0\.serviceAreas\.0/,
    );
  });
});
