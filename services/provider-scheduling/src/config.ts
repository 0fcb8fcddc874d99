import { baseConfigSchema, createConfig as parse, withLocalDefaults } from '@carelink/service-host';
import type { z } from 'zod';

export const providerSchedulingConfigSchema = baseConfigSchema;
export type ProviderSchedulingConfig = z.infer<typeof providerSchedulingConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): ProviderSchedulingConfig {
  return parse(providerSchedulingConfigSchema, withLocalDefaults('provider-scheduling', 4104, env));
}
