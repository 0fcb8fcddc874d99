/**
 * Money as data: each region's funding sources as its plan lists them (Chizhou 000 三(四), Changji 001 四(五)), the
 * purchased-services cap (000 三(四)3 1 %, 001 四(五) 3 %), budgets in integer fen, the allocation order, the
 * neighbour-help subsidy (000 三(六)6) and the spot-check share (000 三(五)1 ≥ 30 %). The loader refuses what is
 * not whole fen or basis points, and anything naming an item, mode, group, county or source the region lacks,
 * with the path of the bad field.
 */
import {
  countyFundingYearOf,
  loadPolicyPacks,
  PolicyPackError,
  sourcePays,
  validatePolicyPack,
  type FundingSource,
} from '../src';
import { rawPack } from './raw-packs';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;
const invalid = (raw: unknown) => () => validatePolicyPack(raw, 'x.yaml');
const source = (pack: typeof chizhou, code: string): FundingSource =>
  pack.funding.sources.find((s) => s.code === code)!;

describe('funding sources as the plans list them', () => {
  it('000 三(四): Chizhou has the eight sources of its plan, in its order, each citing its numbered clause', () => {
    expect(chizhou.funding.sources.map((s) => [s.name.zh, s.source.split(' ')[1]])).toEqual([
      ['特困人员照料护理经费', '三(四)1'],
      ['临时救助经费', '三(四)2'],
      ['社会救助工作经费或社会救助专项经费', '三(四)3'],
      ['居家养老服务经费', '三(四)4'],
      ['残疾人康复服务经费', '三(四)5'],
      ['未成年人保护经费', '三(四)6'],
      ['其他服务类救助经费', '三(四)7'],
      ['慈善救助资金', '三(四)8'],
    ]);
  });

  it('000 三(四)3: only the work funds count toward Chizhou’s 1 % cap (100 basis points)', () => {
    expect(chizhou.funding.purchasedServicesCap.basisPoints).toBe(100);
    expect(chizhou.funding.sources.filter((s) => s.countsTowardCap).map((s) => s.code)).toEqual([
      'assistance_work_funds',
    ]);
  });

  it('001 四(五): Changji’s channels, the 低保 top-up first, the 困难群众救助补助资金 under the 3 % cap', () => {
    expect(changji.funding.purchasedServicesCap.basisPoints).toBe(300);
    expect(changji.funding.sources.every((s) => s.source.startsWith('001 四(五)'))).toBe(true);
    expect(changji.funding.allocation.order[0]).toBe('dibao_top_up');
    expect(source(changji, 'dibao_top_up').kind).toBe('dibao_top_up');
    expect(changji.funding.sources.filter((s) => s.countsTowardCap).map((s) => s.code)).toEqual([
      'hardship_assistance_funds',
    ]);
    expect(source(changji, 'hardship_assistance_funds').pays.modes).toEqual(['purchased']);
  });

  it('budgets and pooled assistance funds are DEMO, whole fen, per county and year', () => {
    for (const pack of [chizhou, changji])
      for (const year of pack.funding.countyYears) {
        expect(year.demo).toBe(true);
        expect(year.source).toMatch(/^local: DEMO/);
        for (const amount of [year.pooledAssistanceFundsFen, ...Object.values(year.budgets)])
          expect(Number.isSafeInteger(amount)).toBe(true);
      }
    expect(countyFundingYearOf(chizhou, '341702', 2026)?.pooledAssistanceFundsFen).toBe(20_000_000_000);
    expect(countyFundingYearOf(chizhou, '341702', 2031)).toBeUndefined();
  });
});

describe('what a source may pay for', () => {
  const cleaning = { code: 'CZ-QJ-01', category: 'cleaning' };
  const rehab = { code: 'CZ-JK-02', category: 'health_care' };
  const elder = { groups: ['dibao'], who: ['elder'] };
  const child = { groups: ['orphan'], who: ['minor'] };

  it('an earmarked source pays only for its people and items', () => {
    expect(sourcePays(source(chizhou, 'tekun_care'), cleaning, 'purchased', elder)).toBe(false);
    expect(sourcePays(source(chizhou, 'tekun_care'), cleaning, 'purchased', { groups: ['tekun'], who: [] })).toBe(true);
    expect(sourcePays(source(chizhou, 'home_care'), cleaning, 'purchased', elder)).toBe(true);
    expect(sourcePays(source(chizhou, 'home_care'), cleaning, 'purchased', child)).toBe(false);
    expect(sourcePays(source(chizhou, 'minor_protection'), cleaning, 'purchased', child)).toBe(true);
    const disabled = { groups: ['dibao'], who: ['severely_disabled'] };
    expect(sourcePays(source(chizhou, 'disability_rehabilitation'), rehab, 'purchased', disabled)).toBe(true);
    expect(sourcePays(source(chizhou, 'disability_rehabilitation'), cleaning, 'purchased', disabled)).toBe(false);
  });

  it('a source naming modes pays only lines delivered by one of them', () => {
    const visiting = { code: 'CJ-ZH-01', category: 'care' };
    const hardship = source(changji, 'hardship_assistance_funds');
    expect(sourcePays(hardship, visiting, 'purchased', elder)).toBe(true);
    expect(sourcePays(hardship, visiting, 'basic_public_service', elder)).toBe(false);
    expect(sourcePays(hardship, visiting, undefined, elder)).toBe(false);
  });

  it('a general source pays any line', () => {
    expect(sourcePays(source(chizhou, 'other_service_funds'), cleaning, undefined, { groups: [], who: [] })).toBe(true);
  });
});

describe('the loader refuses bad money rules, naming the field', () => {
  it('a budget or base that is not whole fen', () => {
    const raw = rawPack('chizhou');
    raw.funding.countyYears[0].budgets.tekun_care = 1000.5;
    expect(invalid(raw)).toThrow(/funding\.countyYears\.0\.budgets\.tekun_care/);
    const base = rawPack('changji');
    base.funding.countyYears[1].pooledAssistanceFundsFen = -1;
    expect(invalid(base)).toThrow(/funding\.countyYears\.1\.pooledAssistanceFundsFen/);
  });

  it('a cap or spot-check share that is not whole basis points within 0–10000', () => {
    const percent = rawPack('chizhou');
    percent.funding.purchasedServicesCap.basisPoints = 1.5;
    expect(invalid(percent)).toThrow(/funding\.purchasedServicesCap\.basisPoints: a share is whole basis points/);
    const over = rawPack('changji');
    over.funding.purchasedServicesCap.basisPoints = 10_001;
    expect(invalid(over)).toThrow(/funding\.purchasedServicesCap\.basisPoints: a share is at most 10000/);
    const zero = rawPack('chizhou');
    zero.spotCheck.shareBasisPoints = 0;
    expect(invalid(zero)).toThrow(/spotCheck\.shareBasisPoints: a spot-check share is above 0/);
  });

  it('a source paying for an unknown item, category, mode, group or kind of person', () => {
    const raw = rawPack('chizhou');
    raw.funding.sources[0].pays = {
      items: ['CZ-XX-99'],
      categories: ['gardening'],
      modes: ['teleport'],
      groups: ['dibao', 'left_behind_child'],
      who: ['pilot'],
    };
    let message = '';
    try {
      validatePolicyPack(raw, 'x.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyPackError);
      message = (err as Error).message;
    }
    expect(message).toContain('funding.sources.0.pays.items.0: CZ-XX-99 is not an item in the catalogue');
    expect(message).toContain('funding.sources.0.pays.categories.0: gardening is not a category');
    expect(message).toContain('funding.sources.0.pays.modes.0: teleport is not a delivery mode');
    expect(message).toContain('funding.sources.0.pays.groups.1: left_behind_child is not a target group');
    expect(message).toContain('funding.sources.0.pays.who.0: pilot is not a condition');
  });

  it('an allocation order naming an unknown source, or leaving one out', () => {
    const unknown = rawPack('changji');
    unknown.funding.allocation.order.push('piggy_bank');
    expect(invalid(unknown)).toThrow(/funding\.allocation\.order\.8: piggy_bank is not a funding source/);
    const missing = rawPack('chizhou');
    missing.funding.allocation.order = missing.funding.allocation.order.filter((c: string) => c !== 'charity_funds');
    expect(invalid(missing)).toThrow(/funding\.sources\.7\.code: charity_funds is not in funding\.allocation\.order/);
  });

  it('a county year of another region, twice, budgeting an unknown source or the families’ top-up', () => {
    const raw = rawPack('changji');
    raw.funding.countyYears.push({ ...raw.funding.countyYears[0] });
    raw.funding.countyYears[2].county = '341702';
    raw.funding.countyYears[3].budgets = { dibao_top_up: 100, piggy_bank: 5 };
    let message = '';
    try {
      validatePolicyPack(raw, 'x.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('funding.countyYears.2.county: 341702 is not a county of this region');
    expect(message).toContain('funding.countyYears.5.year: county 652301 has year 2026 twice');
    expect(message).toContain('funding.countyYears.3.budgets.dibao_top_up: the 低保 top-up is the families’ money');
    expect(message).toContain('funding.countyYears.3.budgets.piggy_bank: piggy_bank is not a funding source');
  });

  it('a source without its clause, or citing the other region’s plan', () => {
    const raw = rawPack('chizhou');
    delete raw.funding.sources[2].source;
    expect(invalid(raw)).toThrow(/funding\.sources\.2\.source: names no source/);
    const cited = rawPack('chizhou');
    cited.funding.purchasedServicesCap.source = '001 四(五)';
    expect(invalid(cited)).toThrow(/funding\.purchasedServicesCap\.source: cites plan 001/);
  });

  it('000 三(六)6: a neighbour subsidy paid from an unknown source, or without the source of its amount', () => {
    const raw = rawPack('chizhou');
    raw.neighbourHelp.paidFrom = 'piggy_bank';
    expect(invalid(raw)).toThrow(/neighbourHelp\.paidFrom: piggy_bank is not a funding source/);
    const unsourced = rawPack('chizhou');
    delete unsourced.neighbourHelp.sources.amount;
    expect(invalid(unsourced)).toThrow(/neighbourHelp\.sources\.amount/);
  });

  it('000 三(五)1: spot-check strata the sample cannot draw by, or one twice', () => {
    const raw = rawPack('chizhou');
    raw.spotCheck.strata = ['township', 'village'];
    expect(invalid(raw)).toThrow(/spotCheck\.strata\.1/);
    const twice = rawPack('changji');
    twice.spotCheck.strata = ['item', 'item'];
    expect(invalid(twice)).toThrow(/spotCheck\.strata: each stratum once/);
  });
});

describe('neighbour help and spot checks as the packs say', () => {
  it('000 三(六)6: Chizhou pays neighbours per counted visit up to a yearly ceiling; Changji has no neighbour help', () => {
    expect(chizhou.neighbourHelp).toMatchObject({ basis: 'per_visit', perVisitFen: 2000, yearlyCeilingFen: 240000 });
    expect(chizhou.neighbourHelp?.source).toMatch(/^000 三\(六\)6 .*按年发放/);
    expect(changji.neighbourHelp).toBeUndefined();
  });

  it('000 三(五)1: Chizhou checks at least 30 % (3000 basis points) by township × provider × item', () => {
    expect(chizhou.spotCheck).toMatchObject({ shareBasisPoints: 3000, strata: ['township', 'provider', 'item'] });
    expect(chizhou.spotCheck.source).toMatch(/^000 三\(五\)1 抽查比例不少于每年度服务总数的 30%/);
    expect(changji.spotCheck.source).toMatch(/^local: /);
  });
});
