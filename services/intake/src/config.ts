import { baseConfigSchema, createConfig as parse, withLocalDefaults } from '@carelink/service-host';
import { z } from 'zod';

export const intakeConfigSchema = baseConfigSchema.extend({
  /** AES-256 key (64 hex) for ID numbers and phones at rest. */
  PERSON_DATA_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex characters'),
  /** HMAC key (64 hex) for the person pseudonym and duplicate look-ups. */
  PERSON_INDEX_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex characters'),
});
export type IntakeConfig = z.infer<typeof intakeConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return parse(intakeConfigSchema, {
    // Development keys for infra/local only; production sets its own.
    PERSON_DATA_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
    PERSON_INDEX_KEY: 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100',
    ...withLocalDefaults('intake', 4101, env),
  });
}
