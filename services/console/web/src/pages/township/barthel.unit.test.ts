import { describe, expect, it } from '@jest/globals';
import { BARTHEL_ITEMS, barthelBand, barthelTotal } from './barthel';

describe('the Barthel form total', () => {
  it('adds the items scored so far and counts those not scored', () => {
    expect(barthelTotal({ feeding: 10, bathing: 5, transfers: 15 })).toEqual({ score: 30, missing: 7, band: 'severe' });
    expect(barthelTotal(undefined)).toEqual({ score: 0, missing: 10, band: 'severe' });
  });

  it('reaches 100 with every item at its highest score, independent', () => {
    const best = Object.fromEntries(BARTHEL_ITEMS.map((i) => [i.key, Math.max(...i.scores)]));
    expect(barthelTotal(best)).toEqual({ score: 100, missing: 0, band: 'independent' });
  });

  it('bands as the standard does: 100, 61–99, 41–60, 0–40', () => {
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
});
