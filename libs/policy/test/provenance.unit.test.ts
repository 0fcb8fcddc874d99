/**
 * Provenance: every rule of a pack names its source, a clause of a plan the pack lists or `local: <why>`; the
 * loader refuses a pack where one does not, naming the rule's path. The generated pages (docs/policy/<region>.md)
 * list every rule with its source and must match the packs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyPacks, policyPage, validatePolicyPack, type PolicyPack } from '../src';
import { rawPack } from './raw-packs';

const invalid = (raw: unknown) => () => validatePolicyPack(raw, 'x.yaml');
const packs = loadPolicyPacks();

describe('the loader refuses a rule without a source', () => {
  it('accepts the packs as they are', () => {
    expect(() => validatePolicyPack(rawPack('chizhou'), 'chizhou.yaml')).not.toThrow();
    expect(() => validatePolicyPack(rawPack('changji'), 'changji.yaml')).not.toThrow();
  });

  it('an item without its source', () => {
    const raw = rawPack('chizhou');
    delete raw.catalogue[3].source;
    expect(invalid(raw)).toThrow(/catalogue\.3\.source: names no source/);
  });

  it('an item gate, fee or delivery without its source', () => {
    const raw = rawPack('changji');
    const training = raw.catalogue.findIndex((i: { code: string }) => i.code === 'CJ-GA-02');
    delete raw.catalogue[training].sources.eligibility;
    delete raw.catalogue[0].sources.fee;
    expect(invalid(raw)).toThrow(/catalogue\.0\.sources\.fee: names no source/);
    // The cross-checks (the gate's source) run once every field has its shape.
    raw.catalogue[0].sources.fee = 'local: test';
    expect(invalid(raw)).toThrow(new RegExp(`catalogue\\.${training}\\.sources\\.eligibility: .*names no source`));
  });

  it('a setting, a time limit, a department or a target group without its source', () => {
    const raw = rawPack('chizhou');
    raw.elderAge = 60;
    raw.timeLimits.investigationWorkingDays = { value: 5 };
    raw.departments.health = '卫健';
    delete raw.targetGroups[0].source;
    delete raw.approval.source;
    delete raw.calendar.source;
    delete raw.jurisdictions[0].source;
    const message = (() => {
      try {
        validatePolicyPack(raw, 'x.yaml');
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    for (const path of [
      'elderAge',
      'timeLimits.investigationWorkingDays.source',
      'departments.health',
      'targetGroups.0.source',
      'approval.source',
      'calendar.source',
      'jurisdictions.0.source',
    ])
      expect(message).toContain(`${path}: names no source`);
  });

  it('a source citing a plan the pack does not list', () => {
    const raw = rawPack('chizhou');
    raw.catalogue[0].source = '001 二(一) 访视服务';
    expect(invalid(raw)).toThrow(/catalogue\.0\.source: cites plan 001, which is not listed under plans/);
    const setting = { ...rawPack('chizhou'), elderAge: { value: 60, source: '001 四(五)' } };
    expect(invalid(setting)).toThrow(/elderAge\.source: cites plan 001/);
    const department = rawPack('changji');
    department.departments.health.source = '000 三(六)3';
    expect(invalid(department)).toThrow(/departments\.health\.source: cites plan 000/);
  });

  it('a source that is neither a clause nor local', () => {
    const raw = rawPack('changji');
    raw.targetGroups[0].source = 'the plan';
    expect(invalid(raw)).toThrow(/targetGroups\.0\.source: a source is a plan clause/);
  });
});

describe('the generated pack pages', () => {
  it.each([...packs.keys()])('docs/policy/%s.md is up to date and lists no rule without a source', (region) => {
    const page = policyPage(packs.get(region)!);
    expect(page.unsourced).toEqual([]);
    const file = join(__dirname, '../../../docs/policy', `${region}.md`);
    const committed = readFileSync(file, 'utf8');
    if (committed !== page.markdown)
      throw new Error(`docs/policy/${region}.md is stale: run \`npm run policy-docs\` and commit the page`);
  });

  it('links each cited clause to its plan and shows local choices as local', () => {
    const page = policyPage(packs.get('chizhou')!).markdown;
    expect(page).toContain(
      '<a id="plan-000"></a>**000**: 《池州市推进社会救助方式“物质+服务”改革实施方案》, 池民社救〔2023〕38号',
    );
    expect(page).toMatch(/\| CZ-QJ-01 居家清洁 \| .* \| \[000 三\(六\)1\]\(#plan-000\) 清洁卫生 \|/);
    expect(page).toMatch(/\| investigationWorkingDays \| 5 \| \*local:\* DEMO/);
  });

  it('names a rule with no source, in a section the page does not know too', () => {
    const pack = packs.get('changji')!;
    const withNew = {
      ...pack,
      catalogue: [{ ...pack.catalogue[0]!, sources: { fee: 'local: x' } }],
      sources: { ...pack.sources, elderAge: undefined },
      newSection: [{ code: 'x', name: 'X' }],
    } as unknown as PolicyPack;
    const page = policyPage(withNew);
    expect(page.unsourced).toEqual([
      'elderAge',
      'catalogue.0.sources.delivery',
      'catalogue.0.sources.programme',
      'newSection.0',
    ]);
    expect(page.markdown).toContain('| x X | {} | **NO SOURCE** |');
  });
});
