import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { defaultPolicyDir } from '../src';

/**
 * A pack as its YAML file says it (before validation): tests change a field of it and validate again. (A loaded
 * pack is the services' shape, with `{ value, source }` settings already unwrapped, so it does not validate.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rawPack(region: 'chizhou' | 'changji'): any {
  return parse(readFileSync(join(defaultPolicyDir(), `${region}.yaml`), 'utf8'));
}
