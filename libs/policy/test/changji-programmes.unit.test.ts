/**
 * Changji's five programmes (《昌吉州服务类社会救助试点工作实施方案》) at their gates:
 * visiting 探访 (all), skills training 技能培训 (16–59), children's capability 困难儿童能力提升 (under 18,
 * children in difficulty / left behind), cleaning 家政助洁 (elderly and severely disabled), care 照护服务
 * (elderly and 特困). Ages are counted on 2026-11-25.
 */
import { evaluateItemEligibility, loadPolicyPacks } from '../src';

const changji = loadPolicyPacks().get('changji')!;
const today = '2026-11-25';
const eligible = (itemCode: string, birthDate: string, groups: string[], conditions: string[] = []) =>
  evaluateItemEligibility(changji, { birthDate, groups, conditions }, itemCode, today).eligible;

describe('Changji programmes at their gates', () => {
  it('visiting (探访) is for every assistance recipient, any age', () => {
    expect(eligible('CJ-ZH-01', '2020-01-01', ['child_in_difficulty'])).toBe(true);
    expect(eligible('CJ-ZH-01', '1940-01-01', ['dibao'])).toBe(true);
    expect(eligible('CJ-ZH-01', '1940-01-01', [])).toBe(false);
  });

  it.each([
    ['2010-11-26', false], // 15
    ['2010-11-25', true], // 16 today
    ['1966-11-26', true], // 59, one day before 60
    ['1966-11-25', false], // 60 today
  ])('skills training (技能培训) 16–59: born %s → %s', (birthDate, expected) => {
    expect(eligible('CJ-GA-02', birthDate, ['dibao_edge'])).toBe(expected);
  });

  it.each([
    ['2008-11-26', ['left_behind_child'], true], // 17, still a child
    ['2008-11-25', ['left_behind_child'], false], // 18 today
    ['2015-03-01', ['child_in_difficulty'], true],
    ['2015-03-01', ['dibao'], false], // a child, but not in difficulty nor left behind
  ])('children’s capability (困难儿童能力提升) under 18: born %s %j → %s', (birthDate, groups, expected) => {
    expect(eligible('CJ-GA-05', birthDate, groups)).toBe(expected);
  });

  it('cleaning (家政助洁) is for the elderly and the severely disabled', () => {
    expect(eligible('CJ-SH-04', '1950-01-01', ['dibao'], ['elderly'])).toBe(true);
    expect(eligible('CJ-SH-04', '1990-01-01', ['low_income_severely_disabled'], ['severely_disabled'])).toBe(true);
    expect(eligible('CJ-SH-04', '1990-01-01', ['dibao'])).toBe(false);
  });

  it('care (照护服务) is for the elderly and 特困', () => {
    expect(eligible('CJ-ZH-03', '1990-01-01', ['tekun'])).toBe(true);
    expect(eligible('CJ-ZH-03', '1950-01-01', ['dibao'], ['elderly'])).toBe(true);
    expect(eligible('CJ-ZH-03', '1990-01-01', ['dibao'])).toBe(false);
  });

  it('Changji serves children in difficulty; Chizhou does not list them', () => {
    const chizhou = loadPolicyPacks().get('chizhou')!;
    expect(
      evaluateItemEligibility(
        chizhou,
        { birthDate: '2015-03-01', groups: ['child_in_difficulty'], conditions: [] },
        'CZ-NL-02',
        today,
      ).eligible,
    ).toBe(false);
    expect(eligible('CJ-GA-03', '2015-03-01', ['child_in_difficulty'])).toBe(true);
  });
});
