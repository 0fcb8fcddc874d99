import { baseConfigSchema, createConfig as parse, withLocalDefaults } from '@carelink/service-host';
import type { z } from 'zod';

export const complaintsConfigSchema = baseConfigSchema;
export type ComplaintsConfig = z.infer<typeof complaintsConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): ComplaintsConfig {
  return parse(complaintsConfigSchema, withLocalDefaults('complaints', 4106, env));
}
