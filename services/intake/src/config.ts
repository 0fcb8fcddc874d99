import { baseConfigSchema, createConfig as parse, hexKey, secret, withLocalDefaults } from '@carelink/service-host';
import { z } from 'zod';

export const intakeConfigSchema = baseConfigSchema.extend({
  /** AES-256 key (64 hex) for ID numbers and phones at rest. */
  PERSON_DATA_KEY: secret(hexKey, '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'),
  /** HMAC key (64 hex) for the person pseudonym and duplicate look-ups. */
  PERSON_INDEX_KEY: secret(hexKey, 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100'),
});
export type IntakeConfig = z.infer<typeof intakeConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return parse(intakeConfigSchema, withLocalDefaults('intake', 4101, env));
}
