import type { GeoPoint } from './policy-pack';

/** The mean earth radius (IUGG), metres. */
const EARTH_RADIUS_METERS = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * The great-circle distance between two points (WGS 84, haversine), in metres, unrounded: how far a provider is
 * from a township when referral ranks providers, and how far a worker's check-in is from the recipient's home.
 */
export function greatCircleMeters(a: GeoPoint, b: GeoPoint): number {
  const h =
    Math.sin(radians(b.lat - a.lat) / 2) ** 2 +
    Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(radians(b.lon - a.lon) / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
