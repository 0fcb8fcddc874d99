import type { PolicyPacks } from '@carelink/policy';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { promptsSchema, resolvePrompts, type RegionPrompts } from '../domain/prompts';

/** The prompts that ship with the adapter: `bots/ivr/prompts/<region>.yaml`. */
export function defaultPromptsDir(): string {
  return resolve(__dirname, '../../prompts');
}

/** Loads every `<region>.yaml` in the directory; a file that does not validate stops the process. */
export function loadPrompts(policies: Pick<PolicyPacks, 'get'>, dir = defaultPromptsDir()): Map<string, RegionPrompts> {
  const all = new Map<string, RegionPrompts>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const parsed = promptsSchema.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success)
      throw new Error(
        `IVR prompts ${file} are not valid:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`,
      );
    const pack = policies.get(parsed.data.region);
    if (!pack) throw new Error(`IVR prompts ${file}: no policy pack for region ${parsed.data.region}`);
    all.set(parsed.data.region, resolvePrompts(parsed.data, pack));
  }
  return all;
}
