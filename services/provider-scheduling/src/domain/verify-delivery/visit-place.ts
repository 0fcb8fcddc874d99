import { greatCircleMeters } from '@carelink/policy';
import { z } from 'zod';
import type { VisitPlace } from '../assignment';

/** A point on the earth (WGS 84, as a phone's browser gives it). */
export const geoPoint = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof geoPoint>;

/** Where the worker's phone says it is, and how precise it says that is (metres); a phone may refuse to say. */
export const workerPosition = geoPoint.extend({
  accuracyMeters: z.number().nonnegative().max(100_000).optional(),
});
export type WorkerPosition = z.infer<typeof workerPosition>;

/** The great-circle distance between two points, in whole metres. */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  return Math.round(greatCircleMeters({ lat: a.lat, lon: a.lng }, { lat: b.lat, lon: b.lng }));
}

/**
 * Where a check-in or check-out was, against the recipient's home: the distance, and far from home when it is
 * more than the region's `farFromHomeMeters`. Without a position (the phone refused) or a home (the plan records
 * none) nothing is measured and nothing is flagged; the township sees that the place is unknown. The phone's
 * accuracy is kept beside the distance for whoever reviews a flag, not used to excuse it.
 */
export function placeOf(
  position: WorkerPosition | undefined,
  home: GeoPoint | undefined,
  farFromHomeMeters: number,
): VisitPlace {
  if (!position || !home) return { farFromHome: false };
  const distance = distanceMeters(position, home);
  return {
    distanceMeters: distance,
    ...(position.accuracyMeters !== undefined ? { accuracyMeters: Math.round(position.accuracyMeters) } : {}),
    farFromHome: distance > farFromHomeMeters,
  };
}
