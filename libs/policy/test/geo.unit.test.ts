import { greatCircleMeters } from '../src/geo';

describe('greatCircleMeters', () => {
  it('is zero for one point and the same both ways', () => {
    const chizhou = { lat: 30.664, lon: 117.491 };
    const changji = { lat: 44.011, lon: 87.308 };
    expect(greatCircleMeters(chizhou, chizhou)).toBe(0);
    expect(greatCircleMeters(chizhou, changji)).toBeCloseTo(greatCircleMeters(changji, chizhou), 6);
  });

  it('gives a degree of latitude as about 111.2 km and Beijing–Shanghai as about 1,068 km', () => {
    expect(greatCircleMeters({ lat: 30, lon: 117 }, { lat: 31, lon: 117 })).toBeCloseTo(111_195, -1);
    const km = greatCircleMeters({ lat: 39.9042, lon: 116.4074 }, { lat: 31.2304, lon: 121.4737 }) / 1000;
    expect(km).toBeGreaterThan(1_065);
    expect(km).toBeLessThan(1_070);
  });
});
