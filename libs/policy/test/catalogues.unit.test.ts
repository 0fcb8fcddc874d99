/**
 * The catalogues carry every service the plans name, each with how it is delivered: Chizhou's by the seven modes
 * of 000 三(六), Changji's from 001 二 and 四(二) (a department's basic public service, or purchased). The codes
 * items had before stay.
 */
import { catalogueItemOf, evaluateItemEligibility, loadPolicyPacks } from '../src';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;
const today = '2026-11-25';

// department '' for a purchased item (no department).
type Expected = [name: string, code: string, delivery: string, department: string];

describe('Chizhou catalogue (000 三(六))', () => {
  it.each<Expected>([
    // 1 政府购买服务
    ['居家照料', 'CZ-SH-03', 'purchased', ''],
    ['日间托管', 'CZ-SH-04', 'purchased', ''],
    ['助餐送餐', 'CZ-SH-01', 'purchased', ''],
    ['居家清洁', 'CZ-QJ-01', 'purchased', ''],
    ['代购代办', 'CZ-SH-02', 'purchased', ''],
    ['康复护理', 'CZ-JK-02', 'purchased', ''],
    // 2 机构照料
    ['机构集中供养', 'CZ-JG-01', 'institution', 'welfare_home'],
    // 3 部门联动
    ['信息咨询', 'CZ-NL-03', 'department', 'civil_affairs'],
    ['能力提升', 'CZ-NL-04', 'department', 'womens_federation'],
    ['就业技能培训', 'CZ-NL-01', 'department', 'human_resources'],
    ['健康讲座', 'CZ-JK-03', 'department', 'health'],
    ['社区义诊', 'CZ-JK-04', 'department', 'health'],
    ['上门健康监测', 'CZ-JK-01', 'department', 'health'],
    // 4 党建+救助, 6 邻里互助: the county civil-affairs bureau unless their delivery mode names the branch or neighbours
    ['党员结对走访慰问', 'CZ-DJ-01', 'department', 'civil_affairs'],
    ['邻里居家照料', 'CZ-LL-01', 'department', 'civil_affairs'],
    // 5 社工志愿
    ['社会融入', 'CZ-NL-05', 'purchased', ''],
    ['心理疏导', 'CZ-NL-02', 'purchased', ''],
    // 7 慈善救济
    ['慈善走访慰问', 'CZ-JJ-01', 'charity', 'charities'],
    ['捐赠衣物配发', 'CZ-JJ-02', 'charity', 'charities'],
    ['慈善义工服务', 'CZ-JJ-03', 'charity', 'charities'],
  ])('%s is %s, %s %s', (name, code, delivery, department) => {
    const item = catalogueItemOf(chizhou, code);
    expect(item).toMatchObject({ name: { zh: name }, delivery, ...(department ? { department } : {}) });
    expect(item!.source).toMatch(/^000 三\(六\)\d/);
  });

  it('就业技能培训 has no age gate: plan 000 sets none (16–59 is Changji’s, 001 四(四)二)', () => {
    expect(catalogueItemOf(chizhou, 'CZ-NL-01')!.eligibility).toEqual({ rule: 'all' });
    const at = (age: number) =>
      evaluateItemEligibility(chizhou, { age, groups: ['tekun'], conditions: [] }, 'CZ-NL-01', today);
    expect(at(76).eligible).toBe(true);
    expect(at(60).eligible).toBe(true);
    expect(at(15).outcomes.map((o) => o.rule)).toEqual(['target_group']);
  });

  it('collective care is for 特困, orphans and de-facto orphans (000 三(六)2)', () => {
    const care = (groups: string[]) =>
      evaluateItemEligibility(chizhou, { age: 80, groups, conditions: [] }, 'CZ-JG-01', today).eligible;
    expect(care(['tekun'])).toBe(true);
    expect(care(['dibao'])).toBe(false);
  });

  it('fees are integer fen; purchased amounts are marked DEMO, the others say why nothing is settled', () => {
    expect(chizhou.feeStandardSource).toBe('demo');
    for (const item of chizhou.catalogue) {
      expect(Number.isInteger(item.feeFen)).toBe(true);
      if (item.delivery === 'purchased') expect(item.sources.fee).toMatch(/^000 三\(五\)1 .*DEMO/);
      else expect(item.feeFen).toBe(0);
    }
  });
});

describe('Changji catalogue (001 二, 四(二))', () => {
  it.each<Expected>([
    // 照护服务
    ['访视服务', 'CJ-ZH-01', 'purchased', ''],
    ['健康管理与教育', 'CJ-ZH-02', 'department', 'health'],
    ['照料护理', 'CJ-ZH-03', 'purchased', ''],
    ['精神障碍社区康复', 'CJ-ZH-04', 'purchased', ''],
    // 生活服务
    ['适老化改造', 'CJ-SH-01', 'purchased', ''],
    ['无障碍改造', 'CJ-SH-02', 'purchased', ''],
    ['代步代购', 'CJ-SH-03', 'purchased', ''],
    ['家政助洁', 'CJ-SH-04', 'purchased', ''],
    // 关爱服务
    ['法律援助', 'CJ-GA-01', 'department', 'justice'],
    ['技能培训', 'CJ-GA-02', 'purchased', ''],
    ['心理疏导', 'CJ-GA-03', 'purchased', ''],
    ['送教上门', 'CJ-GA-04', 'department', 'education'],
    ['社会融入', 'CJ-GA-06', 'purchased', ''],
    ['资源链接', 'CJ-GA-07', 'purchased', ''],
    // 四(二) basic public services of the departments
    ['就业援助与帮扶', 'CJ-GA-08', 'department', 'human_resources'],
    ['困难职工救助帮扶', 'CJ-GA-09', 'department', 'trade_union'],
    ['儿童法治宣传教育', 'CJ-GA-10', 'department', 'justice'],
    // 四(二) volunteer and purchased services integrated from the departments
    ['儿童成长园', 'CJ-GA-11', 'department', 'youth_league'],
    ['残疾人照料护理', 'CJ-ZH-05', 'purchased', ''],
    ['儿童重点个案帮扶', 'CJ-GA-12', 'purchased', ''],
    ['基本养老服务', 'CJ-ZH-06', 'purchased', ''],
    // 四(二) new purchased services (and 四(四)三's programme)
    ['看护服务', 'CJ-GA-14', 'purchased', ''],
    ['文化培育', 'CJ-GA-13', 'purchased', ''],
    ['困难儿童能力提升', 'CJ-GA-05', 'purchased', ''],
  ])('%s is %s, %s %s', (name, code, delivery, department) => {
    const item = catalogueItemOf(changji, code);
    expect(item).toMatchObject({ name: { zh: name }, delivery, ...(department ? { department } : {}) });
    expect(item!.source).toMatch(/^001 /);
    // Which of 四(二)'s lists (or none, said as local) the item's delivery comes from.
    expect(item!.sources.delivery).toMatch(/^(001 四\(二\)|local: )/);
  });

  it.each([
    ['CJ-GA-14', '2010-01-01', ['left_behind_child'], true],
    ['CJ-GA-14', '2008-11-25', ['left_behind_child'], false], // 18 today
    ['CJ-GA-13', '2015-01-01', ['child_in_difficulty'], true],
    ['CJ-GA-13', '2015-01-01', ['dibao'], false],
  ])('the children’s programme (001 四(四)三) gates %s: born %s %j → %s', (code, birthDate, groups, expected) => {
    expect(evaluateItemEligibility(changji, { birthDate, groups, conditions: [] }, code, today).eligible).toBe(
      expected,
    );
  });

  it('each programme item names the clause of its programme and gate', () => {
    for (const item of changji.catalogue.filter((i) => i.programme)) {
      expect(item.sources.programme).toMatch(/^001 四\(四\)[一二三四五]/);
    }
  });
});
