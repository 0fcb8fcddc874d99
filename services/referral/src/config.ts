import { baseConfigSchema, createConfig as parse, withLocalDefaults } from '@carelink/service-host';
import type { z } from 'zod';

export const referralConfigSchema = baseConfigSchema;
export type ReferralConfig = z.infer<typeof referralConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): ReferralConfig {
  return parse(referralConfigSchema, withLocalDefaults('referral', 4103, env));
}
