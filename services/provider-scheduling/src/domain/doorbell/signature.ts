import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a love doorbell signs what it sends (MQTT-style JSON over HTTP): HMAC-SHA256 with the device's own secret
 * over `<timestamp>.<raw body>`, sent as `x-doorbell-signature: sha256=<hex>` with `x-doorbell-timestamp: <unix
 * seconds>`. The timestamp is inside the signature, so an event cannot be re-sent later with a fresh one; the
 * same signed event sent twice within the window is caught by its receipt (data-access).
 */
export const SIGNATURE_HEADER = 'x-doorbell-signature';
export const TIMESTAMP_HEADER = 'x-doorbell-timestamp';
/** An event signed longer ago than this (or this far ahead: a device clock off) is refused. */
export const REPLAY_WINDOW_SECONDS = 300;

export function signDoorbellEvent(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

/** Why a device event's signature is refused; none when it holds. */
export type SignatureProblem = 'unsigned' | 'stale_timestamp' | 'bad_signature';

/**
 * Checks a device event's signature against the device's secret: present, signed within the replay window of
 * `now`, and equal (in constant time) to the HMAC of the timestamp and the raw body.
 */
export function signatureProblem({
  rawBody,
  timestamp,
  signature,
  secret,
  now,
}: {
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  secret: string;
  now: Date;
}): SignatureProblem | undefined {
  if (!timestamp || !signature) return 'unsigned';
  if (!/^\d{1,12}$/.test(timestamp)) return 'stale_timestamp';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return 'stale_timestamp';
  const expected = Buffer.from(signDoorbellEvent(secret, timestamp, rawBody));
  const given = Buffer.from(signature.trim());
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'bad_signature';
}
