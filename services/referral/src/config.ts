import { baseConfigSchema, createConfig as parse, hexKey, secret, withLocalDefaults } from '@carelink/service-host';
import { z } from 'zod';

export const referralConfigSchema = baseConfigSchema.extend({
  /** AES-256 key (64 hex) sealing webhook secrets at rest. */
  WEBHOOK_SECRET_KEY: secret(hexKey, '2233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011'),
  /**
   * AES-256 key (64 hex) sealing at rest the contacts residents consented to share (contact.shared.v1) and the
   * webhook deliveries that carry them (referral.created.v2).
   */
  CONTACT_DATA_KEY: secret(hexKey, '5566778899aabbccddeeff00112233445566778899aabbccddeeff0011223344'),
  /** Attempts per webhook delivery before it becomes a dead letter. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  /** Delay before the second attempt; doubles each time (12 attempts ≈ 2 h at 2 s). */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().positive().default(2000),
  /** Time a subscriber has to answer one delivery. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** How long a replaced secret keeps signing after a rotation. */
  WEBHOOK_SECRET_GRACE_HOURS: z.coerce.number().min(0).default(24),
  /** Parallel webhook delivery passes (each pass serves one subscription's case). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * Whether webhook endpoints may be plain http, or a loopback, private or link-local IP address. Off unless
   * set (https to a public host only); on by default only with CARELINK_ENV=local (subscribers on 127.0.0.1).
   */
  WEBHOOK_ALLOW_INSECURE: z.stringbool().default(false),
});
export type ReferralConfig = z.infer<typeof referralConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): ReferralConfig {
  // Local subscribers listen on http://127.0.0.1: plain http is allowed by default in local mode only.
  return parse(referralConfigSchema, withLocalDefaults('referral', 4103, env, { WEBHOOK_ALLOW_INSECURE: 'true' }));
}
