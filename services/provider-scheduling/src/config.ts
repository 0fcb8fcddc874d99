import { baseConfigSchema, createConfig as parse, hexKey, secret, withLocalDefaults } from '@carelink/service-host';
import type { z } from 'zod';

export const providerSchedulingConfigSchema = baseConfigSchema.extend({
  /** AES-256 key (64 hex) for workers' ID numbers and phones at rest. */
  WORKER_DATA_KEY: secret(hexKey, '5c1e2a9b7d3f40e8a6b2c4d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7'),
  /** HMAC key (64 hex) for worker ids and the keyed index of their ID numbers. */
  WORKER_INDEX_KEY: secret(hexKey, '0bd79bed75f5a1bdf5771ff013cd8417b89f3e95072fcbf2ec2f7c51267627da'),
});
export type ProviderSchedulingConfig = z.infer<typeof providerSchedulingConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): ProviderSchedulingConfig {
  return parse(providerSchedulingConfigSchema, withLocalDefaults('provider-scheduling', 4104, env));
}
