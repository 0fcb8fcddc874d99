import { baseConfigSchema, createConfig as parse, withLocalDefaults } from '@carelink/service-host';
import type { z } from 'zod';

export const settlementConfigSchema = baseConfigSchema;
export type SettlementConfig = z.infer<typeof settlementConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): SettlementConfig {
  return parse(settlementConfigSchema, withLocalDefaults('settlement', 4105, env));
}
