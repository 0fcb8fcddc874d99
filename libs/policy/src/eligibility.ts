import type { PolicyPack } from './policy-pack';
import { catalogueItemOf } from './policy-pack';

/**
 * What the rules judge a person by. Age: full years (周岁), either given (carelink's services judge by the age
 * on the day the request was registered, which events carry instead of the birth date) or taken from a birth
 * date on the day of the decision.
 */
export type PersonFacts = {
  groups: string[];
  conditions: string[];
} & ({ age: number } | { birthDate: string });

export interface RuleOutcome {
  rule: string;
  passed: boolean;
  /** What a clerk reads out, in Chinese. */
  explanation: string;
}

export interface ItemEligibility {
  itemCode: string;
  eligible: boolean;
  outcomes: RuleOutcome[];
}

/** Full years of age on a date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Decides whether a person may receive a catalogue item under the region's pack, rule by rule,
 * with an explanation for each. Pure: the date comes in as an argument.
 */
export function evaluateItemEligibility(
  pack: PolicyPack,
  person: PersonFacts,
  itemCode: string,
  today: string,
): ItemEligibility {
  const outcomes: RuleOutcome[] = [];
  const item = catalogueItemOf(pack, itemCode);
  if (!item) {
    return {
      itemCode,
      eligible: false,
      outcomes: [{ rule: 'catalogue', passed: false, explanation: `服务事项${itemCode}不在${pack.name.zh}服务清单内` }],
    };
  }
  const groupName = (code: string) => pack.targetGroups.find((g) => g.code === code)?.name ?? code;
  const conditionName = (code: string) => pack.conditions.find((c) => c.code === code)?.name ?? code;

  // 1. The person belongs to a target group of this region; conditional groups need a condition.
  const regionGroups = person.groups.filter((g) => pack.targetGroups.some((t) => t.code === g));
  const unconditional = regionGroups.filter((g) => !pack.targetGroups.find((t) => t.code === g)!.requiresCondition);
  const conditionalMet =
    regionGroups.some((g) => pack.targetGroups.find((t) => t.code === g)!.requiresCondition) &&
    person.conditions.some((c) => pack.conditions.some((k) => k.code === c));
  if (unconditional.length > 0) {
    outcomes.push({
      rule: 'target_group',
      passed: true,
      explanation: `属于救助对象：${unconditional.map(groupName).join('、')}`,
    });
  } else if (conditionalMet) {
    outcomes.push({
      rule: 'target_group',
      passed: true,
      explanation: `属于${regionGroups.map(groupName).join('、')}，且为${person.conditions
        .filter((c) => pack.conditions.some((k) => k.code === c))
        .map(conditionName)
        .join('、')}`,
    });
  } else if (regionGroups.length > 0) {
    outcomes.push({
      rule: 'target_group',
      passed: false,
      explanation: `${regionGroups.map(groupName).join('、')}须同时为${pack.conditions.map((c) => c.name).join('、')}之一`,
    });
  } else {
    outcomes.push({ rule: 'target_group', passed: false, explanation: `不属于${pack.name.zh}服务类社会救助对象范围` });
  }

  // 2. The item's own gates (programme age limits, groups, conditions).
  const gate = item.eligibility;
  const age = 'age' in person ? person.age : ageOn(person.birthDate, today);
  if (gate.ageMin !== undefined || gate.ageMax !== undefined) {
    const okMin = gate.ageMin === undefined || age >= gate.ageMin;
    const okMax = gate.ageMax === undefined || age <= gate.ageMax;
    const range =
      gate.ageMin !== undefined && gate.ageMax !== undefined
        ? `${gate.ageMin}至${gate.ageMax}周岁`
        : gate.ageMin !== undefined
          ? `${gate.ageMin}周岁及以上`
          : `${gate.ageMax! + 1}周岁以下`;
    outcomes.push({ rule: 'age', passed: okMin && okMax, explanation: `${item.name.zh}限${range}，申请人${age}周岁` });
  }
  const groupOk = gate.groups ? gate.groups.some((g) => person.groups.includes(g)) : undefined;
  const conditionOk = gate.conditions ? gate.conditions.some((c) => person.conditions.includes(c)) : undefined;
  if (groupOk !== undefined && conditionOk !== undefined && gate.rule === 'group_or_condition') {
    outcomes.push({
      rule: 'item_group_or_condition',
      passed: groupOk || conditionOk,
      explanation: `${item.name.zh}面向${gate.groups!.map(groupName).join('、')}或${gate.conditions!.map(conditionName).join('、')}`,
    });
  } else {
    if (groupOk !== undefined)
      outcomes.push({
        rule: 'item_group',
        passed: groupOk,
        explanation: `${item.name.zh}面向${gate.groups!.map(groupName).join('、')}`,
      });
    if (conditionOk !== undefined)
      outcomes.push({
        rule: 'item_condition',
        passed: conditionOk,
        explanation: `${item.name.zh}面向${gate.conditions!.map(conditionName).join('、')}`,
      });
  }
  return { itemCode, eligible: outcomes.every((o) => o.passed), outcomes };
}

/** One sentence for the decision record. */
export function explain(result: ItemEligibility): string {
  const failed = result.outcomes.filter((o) => !o.passed);
  return result.eligible
    ? `符合条件：${result.outcomes.map((o) => o.explanation).join('；')}`
    : `不符合条件：${failed.map((o) => o.explanation).join('；')}`;
}

/**
 * Conditions the region computes from facts rather than verifying by hand (e.g. 老年人 from age;
 * 失能半失能老年人 from age and a Barthel index of 60 or less), with the reason for each.
 */
export function derivedConditions(
  pack: PolicyPack,
  facts: { age: number; barthelScore?: number },
): { code: string; reason: string }[] {
  const out: { code: string; reason: string }[] = [];
  for (const c of pack.conditions) {
    if (!c.derive) continue;
    if (c.derive.minAge !== undefined && facts.age < c.derive.minAge) continue;
    if (
      c.derive.barthelMax !== undefined &&
      (facts.barthelScore === undefined || facts.barthelScore > c.derive.barthelMax)
    )
      continue;
    const parts = [
      ...(c.derive.minAge !== undefined ? [`${facts.age}周岁`] : []),
      ...(c.derive.barthelMax !== undefined ? [`Barthel指数${facts.barthelScore}分`] : []),
    ];
    out.push({ code: c.code, reason: `${parts.join('，')}，认定为${c.name}` });
  }
  return out;
}
