import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { PolicyPackError, validatePolicyPack, type PolicyPack } from './policy-pack';
import { calendarFileSchema, type CalendarFile } from './working-calendar';

/** The repository's policy/ folder (override with POLICY_DIR). */
export function defaultPolicyDir(): string {
  return process.env.POLICY_DIR ?? resolve(__dirname, '../../../policy');
}

function readYaml(source: string, what: string): unknown {
  try {
    return parse(readFileSync(source, 'utf8'));
  } catch (err) {
    throw new PolicyPackError(`${what} ${source} is not valid YAML: ${(err as Error).message}`);
  }
}

/** The working calendars of `<dir>/calendars/*.yaml`, keyed by name. */
export function loadCalendars(dir: string): Map<string, CalendarFile> {
  const folder = join(dir, 'calendars');
  const calendars = new Map<string, CalendarFile>();
  if (!existsSync(folder)) return calendars;
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml'))) {
    const source = join(folder, file);
    const parsed = calendarFileSchema.safeParse(readYaml(source, 'calendar'));
    if (!parsed.success)
      throw new PolicyPackError(
        `calendar ${source} is not valid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
      );
    calendars.set(parsed.data.name, parsed.data);
  }
  return calendars;
}

/** Loads and validates every `*.yaml` pack of a folder, keyed by region. A bad pack stops loading. */
export function loadPolicyPacks(dir = defaultPolicyDir()): Map<string, PolicyPack> {
  const calendars = loadCalendars(dir);
  const packs = new Map<string, PolicyPack>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const source = join(dir, file);
    const pack = validatePolicyPack(readYaml(source, 'policy pack'), source, calendars);
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
