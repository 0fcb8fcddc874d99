import { baseConfigSchema, createConfig as parse, withLocalDefaults } from '@carelink/service-host';
import { z } from 'zod';

export const complaintsConfigSchema = baseConfigSchema.extend({
  /** AES-256 key (64 hex) sealing reporters' identities (name, phone, ID number) at rest. */
  REPORTER_DATA_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex characters'),
  /** HMAC key (64 hex) for look-ups of a reporter without decrypting. */
  REPORTER_INDEX_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex characters'),
});
export type ComplaintsConfig = z.infer<typeof complaintsConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): ComplaintsConfig {
  return parse(complaintsConfigSchema, {
    // Development keys for infra/local only; production sets its own.
    REPORTER_DATA_KEY: '2233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011',
    REPORTER_INDEX_KEY: 'eeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100ff',
    ...withLocalDefaults('complaints', 4106, env),
  });
}
