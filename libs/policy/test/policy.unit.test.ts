import {
  evaluateItemEligibility,
  explain,
  loadPolicyPacks,
  placeOf,
  validatePolicyPack,
  PolicyPackError,
} from '../src';
import { rawPack } from './raw-packs';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;
const today = '2026-11-25';

describe('policy packs', () => {
  it('loads both regions with their approval chains and funding caps', () => {
    expect([...packs.keys()].sort()).toEqual(['changji', 'chizhou']);
    expect(chizhou.approval.levels).toEqual(['township']);
    expect(changji.approval.levels).toEqual(['township', 'county']);
    expect(chizhou.funding.purchasedServicesCap.basisPoints).toBe(100);
    expect(changji.funding.purchasedServicesCap.basisPoints).toBe(300);
  });

  it('names the bad field when a pack is invalid', () => {
    const raw = rawPack('chizhou');
    const broken = { ...raw, catalogue: [{ ...raw.catalogue[0], feeFen: 12.5 }] };
    expect(() => validatePolicyPack(broken, 'broken.yaml')).toThrow(PolicyPackError);
    expect(() => validatePolicyPack(broken, 'broken.yaml')).toThrow(/catalogue\.0\.feeFen/);
  });

  it('names departments in the residents’ other languages, only departments it lists', () => {
    expect(changji.departmentNames.ug?.civil_affairs).toBeTruthy();
    expect(chizhou.departmentNames.en?.health).toBe('Health Commission');
    const broken = { ...rawPack('chizhou'), departmentNames: { en: { police: 'Police' } } };
    expect(() => validatePolicyPack(broken, 'broken.yaml')).toThrow(/departmentNames\.en\.police/);
  });

  it('takes the visit reminder lead from the pack: hours, with its source; none: no reminder', () => {
    expect(chizhou.visitReminder?.hoursBefore).toEqual({ value: 24, source: expect.stringMatching(/^local: /) });
    expect(changji.visitReminder?.hoursBefore.value).toBe(24);
    const withLead = (hoursBefore: unknown) => ({ ...rawPack('changji'), visitReminder: { hoursBefore } });
    expect(validatePolicyPack(withLead({ value: 2.5, source: 'local: test' }), 'x.yaml').visitReminder).toEqual({
      hoursBefore: { value: 2.5, source: 'local: test' },
    });
    const { visitReminder: _none, ...without } = rawPack('changji');
    expect(validatePolicyPack(without, 'x.yaml').visitReminder).toBeUndefined();
    expect(() => validatePolicyPack(withLead({ value: 0, source: 'local: test' }), 'x.yaml')).toThrow(
      /visitReminder\.hoursBefore\.value/,
    );
    expect(() => validatePolicyPack(withLead({ value: 169, source: 'local: test' }), 'x.yaml')).toThrow(
      /visitReminder\.hoursBefore\.value/,
    );
    expect(() => validatePolicyPack(withLead(24), 'x.yaml')).toThrow(/visitReminder\.hoursBefore: names no source/);
    expect(() => validatePolicyPack(withLead({ value: 24 }), 'x.yaml')).toThrow(
      /visitReminder\.hoursBefore\.source: names no source/,
    );
  });

  it('resolves places and refuses villages of another township', () => {
    expect(placeOf(chizhou, '341702001', '341702001201')?.township.name).toBe('池阳街道');
    expect(placeOf(chizhou, '341702001', '341702002201')).toBeUndefined();
  });
});

describe('eligibility from the packs', () => {
  it('Chizhou: 特困 elder may have home cleaning', () => {
    const r = evaluateItemEligibility(
      chizhou,
      { birthDate: '1950-01-01', groups: ['tekun'], conditions: [] },
      'CZ-QJ-01',
      today,
    );
    expect(r.eligible).toBe(true);
    expect(explain(r)).toContain('特困人员');
  });

  it('Chizhou group 4 (低保边缘) only with a condition', () => {
    const without = evaluateItemEligibility(
      chizhou,
      { birthDate: '1950-01-01', groups: ['dibao_edge'], conditions: [] },
      'CZ-QJ-01',
      today,
    );
    expect(without.eligible).toBe(false);
    expect(explain(without)).toContain('失能半失能老年人');
    const withCondition = evaluateItemEligibility(
      chizhou,
      { birthDate: '1950-01-01', groups: ['dibao_edge'], conditions: ['seriously_ill'] },
      'CZ-QJ-01',
      today,
    );
    expect(withCondition.eligible).toBe(true);
  });

  it('Changji skills training gate is 16-59 inclusive', () => {
    const at = (birthDate: string) =>
      evaluateItemEligibility(changji, { birthDate, groups: ['dibao'], conditions: [] }, 'CJ-GA-02', today).eligible;
    expect(at('2010-11-26')).toBe(false); // 15, one day short of 16
    expect(at('2010-11-25')).toBe(true); // 16 today
    expect(at('1967-11-26')).toBe(true); // 59
    expect(at('1966-11-25')).toBe(false); // 60 today
  });

  it('Changji personal care is for 特困 or elderly', () => {
    const r = (groups: string[], conditions: string[]) =>
      evaluateItemEligibility(changji, { birthDate: '1980-01-01', groups, conditions }, 'CJ-ZH-03', today).eligible;
    expect(r(['tekun'], [])).toBe(true);
    expect(r(['dibao'], ['elderly'])).toBe(true);
    expect(r(['dibao'], [])).toBe(false);
  });

  it('refuses a group the region does not serve', () => {
    const r = evaluateItemEligibility(
      chizhou,
      { birthDate: '2015-01-01', groups: ['left_behind_child'], conditions: [] },
      'CZ-NL-02',
      today,
    );
    expect(r.eligible).toBe(false);
    expect(explain(r)).toContain('不属于池州市');
  });
});
