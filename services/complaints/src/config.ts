import { baseConfigSchema, createConfig as parse, hexKey, secret, withLocalDefaults } from '@carelink/service-host';
import { z } from 'zod';

export const complaintsConfigSchema = baseConfigSchema.extend({
  /** AES-256 key (64 hex) sealing reporters' identities (name, phone, ID number) at rest. */
  REPORTER_DATA_KEY: secret(hexKey, '2233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011'),
  /** HMAC key (64 hex) for look-ups of a reporter without decrypting. */
  REPORTER_INDEX_KEY: secret(hexKey, 'eeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100ff'),
});
export type ComplaintsConfig = z.infer<typeof complaintsConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): ComplaintsConfig {
  return parse(complaintsConfigSchema, withLocalDefaults('complaints', 4106, env));
}
