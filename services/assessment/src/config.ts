import { baseConfigSchema, createConfig as parse, withLocalDefaults } from '@carelink/service-host';
import type { z } from 'zod';

export const assessmentConfigSchema = baseConfigSchema;
export type AssessmentConfig = z.infer<typeof assessmentConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): AssessmentConfig {
  return parse(assessmentConfigSchema, withLocalDefaults('assessment', 4102, env));
}
