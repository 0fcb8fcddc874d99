import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { PolicyPackError, validatePolicyPack, type PolicyPack } from './policy-pack';

/** The repository's policy/ folder (override with POLICY_DIR). */
export function defaultPolicyDir(): string {
  return process.env.POLICY_DIR ?? resolve(__dirname, '../../../policy');
}

/** Loads and validates every `*.yaml` pack of a folder, keyed by region. A bad pack stops loading. */
export function loadPolicyPacks(dir = defaultPolicyDir()): Map<string, PolicyPack> {
  const packs = new Map<string, PolicyPack>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const source = join(dir, file);
    let raw: unknown;
    try {
      raw = parse(readFileSync(source, 'utf8'));
    } catch (err) {
      throw new PolicyPackError(`policy pack ${source} is not valid YAML: ${(err as Error).message}`);
    }
    const pack = validatePolicyPack(raw, source);
    if (packs.has(pack.region)) throw new PolicyPackError(`region ${pack.region} is defined twice (${source})`);
    packs.set(pack.region, pack);
  }
  if (packs.size === 0) throw new PolicyPackError(`no policy packs (*.yaml) in ${dir}`);
  return packs;
}

export class PolicyPacks {
  constructor(private readonly packs: Map<string, PolicyPack>) {}
  static load(dir?: string): PolicyPacks {
    return new PolicyPacks(loadPolicyPacks(dir));
  }
  get(region: string): PolicyPack | undefined {
    return this.packs.get(region);
  }
  regions(): string[] {
    return [...this.packs.keys()];
  }
}
