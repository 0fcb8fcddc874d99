import { jurisdictionCode, targetGroup, type PersonCircumstances } from '@carelink/contracts';
import { z } from 'zod';
import type { CatalogueItem, PolicyPack } from './policy-pack';
import { ruleSource } from './provenance';

/**
 * Delivery modes (服务方式) as data: how an approved item reaches the person, chosen by who the person is. A
 * region's pack lists its modes in the order routing tries them (Chizhou: the seven modes of plan 000 三(六));
 * the first mode that delivers the item and whose conditions on the person all hold is chosen, and the
 * explanation says why each earlier one did not apply.
 */

const localized = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a code is lower-case letters, digits or _');

/** Who receives the referral of a mode: a contracted provider, or one of the organisations named in the pack. */
export const receiverKind = z.enum([
  'provider', // 社会工作服务机构、社会组织 under a purchase-of-service contract (政府购买服务)
  'institution', // 敬老院、福利院 (机构照料), with places
  'department', // a member department of the joint conference (部门联动) or a basic public service's department
  'party_branch', // a township's or village's party organisation pairing party members (党建+救助)
  'village_team', // a village's 红马夹 team: coordinator + social worker + volunteers (社工志愿)
  'neighbours', // a village's roster of trained neighbours (邻里互助)
  'charity', // a charity organisation the county passes lists to (慈善救济)
]);
export type ReceiverKind = z.infer<typeof receiverKind>;
/** The receivers a pack lists by name (departments are listed under `departments`, providers by contract). */
export const listedReceiverKind = receiverKind.exclude(['provider', 'department']);
export type ListedReceiverKind = z.infer<typeof listedReceiverKind>;

/**
 * How the referral is handed over: `referral` one by one, with acceptance; `monthly_list` the county's list
 * handed to the receiver each month (慈善组织); `pairing` a pairing record (党员结对帮扶) the branch accepts.
 */
export const handover = z.enum(['referral', 'monthly_list', 'pairing']);
export type Handover = z.infer<typeof handover>;

const illness = z.enum(['psychiatric', 'infectious']) satisfies z.ZodType<
  NonNullable<PersonCircumstances['illnesses']>[number]
>;
const carer = z.enum(['present', 'absent', 'suddenly_absent']) satisfies z.ZodType<
  NonNullable<PersonCircumstances['carer']>
>;

/** A condition with the clause it comes from (when it differs from its mode's, e.g. a local threshold). */
const cited = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, source: ruleSource.optional() }).strict();

/** Built-in kinds of person beside the region's conditions: 老年人 (the pack's elderAge or older), 未成年人 (under 18). */
export const PERSON_KINDS = { elder: '老年人', minor: '未成年人' } as const;
const ADULT_AGE = 18;

/** Conditions on the person; all that are given must hold. */
export const modeConditions = z
  .object({
    /** The person holds one of these assistance statuses (verified, else declared). */
    groups: cited({ anyOf: z.array(targetGroup).min(1) }).optional(),
    /** The person is one of these: a region condition (重度残疾人 …) or `elder` / `minor`. */
    who: cited({ anyOf: z.array(z.string().min(1)).min(1) }).optional(),
    age: cited({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() }).optional(),
    /** Cannot look after themselves (生活不能自理 / 丧失生活自理能力): Barthel index at most this. */
    selfCare: cited({ barthelMax: z.number().int().min(0).max(100) }).optional(),
    /** Who looks after the person: one of these (absent 无人照顾, suddenly_absent 突发原因短时间无人照料). */
    carer: cited({ anyOf: z.array(carer).min(1) }).optional(),
    livingAlone: cited({ is: z.boolean() }).optional(),
    /** Illnesses that exclude the mode (不宜集中供养), and/or of which the person must have one. */
    illnesses: cited({ exclude: z.array(illness).default([]), anyOf: z.array(illness).min(1).optional() }).optional(),
  })
  .strict();
export type ModeConditions = z.infer<typeof modeConditions>;

export const deliveryMode = z
  .object({
    code,
    name: localized,
    source: ruleSource,
    /**
     * The items the mode can deliver: an item listed by code, or one of the categories and deliveries given
     * (each given list must take it in) unless excepted.
     */
    items: z
      .object({
        codes: z.array(z.string()).default([]),
        categories: z.array(z.string()).optional(),
        deliveries: z.array(z.enum(['purchased', 'department', 'charity', 'institution'])).optional(),
        /** Items the categories and deliveries would take in, left to a later mode (e.g. 党员结对走访慰问). */
        except: z.array(z.string()).default([]),
      })
      .strict(),
    conditions: modeConditions.default({}),
    /** Alternatives: the mode also applies when all of one of these hold (the plan's "…以及…"). */
    orConditions: z.array(modeConditions).default([]),
    receiver: z
      .object({
        kind: receiverKind,
        /** For `department`: a fixed department (e.g. 卫健 for medical custody); else the item's own department. */
        department: z.string().optional(),
      })
      .strict(),
    handover,
  })
  .strict();
export type DeliveryMode = z.infer<typeof deliveryMode>;

/** A receiver the pack names (demo names marked `demo`): where it serves, and an institution's places. */
export const listedReceiver = z
  .object({
    code,
    kind: listedReceiverKind,
    name: z.string().min(1),
    /** The county, township or village it serves; omitted = the whole region. */
    area: jurisdictionCode.optional(),
    /** An institution's places (beds): referrals still open count against them. */
    capacity: z.number().int().positive().optional(),
    /** An institution takes only people of these statuses (福利院: children; 敬老院: 特困 adults). */
    accepts: z.array(targetGroup).optional(),
    demo: z.boolean().default(false),
    source: ruleSource,
  })
  .strict();
export type ListedReceiver = z.infer<typeof listedReceiver>;

type Issue = (path: (string | number)[], message: string) => void;

/** The pack's cross-checks of its modes and receivers (called from the pack's superRefine). */
export function checkDeliveryModes(
  pack: Pick<
    PolicyPack,
    'deliveryModes' | 'receivers' | 'catalogue' | 'targetGroups' | 'conditions' | 'jurisdictions'
  > & {
    departments: Record<string, unknown>;
  },
  issue: Issue,
): void {
  const seen = new Set<string>();
  const categories = new Set(pack.catalogue.map((i) => i.category));
  const items = new Set(pack.catalogue.map((i) => i.code));
  const groups = new Set<string>(pack.targetGroups.map((g) => g.code));
  const who = new Set<string>([...pack.conditions.map((c) => c.code), ...Object.keys(PERSON_KINDS)]);
  const checkConditions = (c: ModeConditions, path: (string | number)[]) => {
    c.groups?.anyOf.forEach((g, k) => {
      if (!groups.has(g)) issue([...path, 'groups', 'anyOf', k], `${g} is not a target group of this region`);
    });
    c.who?.anyOf.forEach((w, k) => {
      if (!who.has(w))
        issue([...path, 'who', 'anyOf', k], `unknown condition ${w} (a region condition, elder or minor)`);
    });
    if (c.age && c.age.min !== undefined && c.age.max !== undefined && c.age.min > c.age.max)
      issue([...path, 'age'], 'min is above max');
  };
  pack.deliveryModes.forEach((m, i) => {
    if (seen.has(m.code)) issue(['deliveryModes', i, 'code'], `duplicate mode ${m.code}`);
    seen.add(m.code);
    m.items.codes.forEach((c, j) => {
      if (!items.has(c)) issue(['deliveryModes', i, 'items', 'codes', j], `item ${c} is not in the catalogue`);
    });
    m.items.except.forEach((c, j) => {
      if (!items.has(c)) issue(['deliveryModes', i, 'items', 'except', j], `item ${c} is not in the catalogue`);
    });
    m.items.categories?.forEach((c, j) => {
      if (!categories.has(c)) issue(['deliveryModes', i, 'items', 'categories', j], `no item of category ${c}`);
    });
    if (!m.items.codes.length && !m.items.categories && !m.items.deliveries)
      issue(['deliveryModes', i, 'items'], 'a mode names the items it delivers (codes, categories or deliveries)');
    checkConditions(m.conditions, ['deliveryModes', i, 'conditions']);
    m.orConditions.forEach((c, j) => checkConditions(c, ['deliveryModes', i, 'orConditions', j]));
    const { kind, department } = m.receiver;
    if (department !== undefined && (kind !== 'department' || !(department in pack.departments)))
      issue(['deliveryModes', i, 'receiver', 'department'], 'names a department listed under departments');
    if ((m.handover === 'monthly_list') !== (kind === 'charity'))
      issue(['deliveryModes', i, 'handover'], 'a charity gets a monthly list, and only a charity does');
    if (kind !== 'provider' && kind !== 'department' && !pack.receivers.some((r) => r.kind === kind))
      issue(['deliveryModes', i, 'receiver', 'kind'], `no receiver of kind ${kind} under receivers`);
  });
  const places = new Set<string>();
  for (const c of pack.jurisdictions) {
    places.add(c.code);
    for (const t of c.townships) {
      places.add(t.code);
      for (const v of t.villages) places.add(v.code);
    }
  }
  const codes = new Set<string>();
  pack.receivers.forEach((r, i) => {
    if (codes.has(r.code) || r.code in pack.departments)
      issue(['receivers', i, 'code'], `receiver code ${r.code} is used twice (receivers and departments share codes)`);
    codes.add(r.code);
    if (r.area && !places.has(r.area)) issue(['receivers', i, 'area'], `${r.area} is not a place of this region`);
    if (r.kind === 'institution' && r.capacity === undefined)
      issue(['receivers', i, 'capacity'], 'an institution states its places');
    r.accepts?.forEach((g, j) => {
      if (!groups.has(g)) issue(['receivers', i, 'accepts', j], `${g} is not a target group of this region`);
    });
  });
}

/** Whether the mode can deliver the item. */
export function deliversItem(mode: DeliveryMode, item: CatalogueItem): boolean {
  if (mode.items.codes.includes(item.code)) return true;
  const { categories, deliveries } = mode.items;
  if ((!categories && !deliveries) || mode.items.except.includes(item.code)) return false;
  return (!categories || categories.includes(item.category)) && (!deliveries || deliveries.includes(item.delivery));
}

const NOT_RECORDED = '情况未记录';
const CARER_ZH = { present: '有人照料', absent: '无人照顾', suddenly_absent: '因突发原因短时间无人照料' } as const;
const ILLNESS_ZH = { psychiatric: '精神病', infectious: '传染病' } as const;

/** What judging a person against a mode's conditions reads of the pack: names, and the age one counts as elderly. */
export type ModePack = Pick<PolicyPack, 'targetGroups' | 'conditions'> & { elderAge: number };

/** Why a set of conditions does not hold for the person (each failing condition, in Chinese), or [] when it holds. */
export function unmetConditions(
  pack: ModePack,
  conditions: ModeConditions,
  person: PersonCircumstances | undefined,
): string[] {
  const out: string[] = [];
  const groupName = (g: string) => pack.targetGroups.find((x) => x.code === g)?.name ?? g;
  const whoName = (w: string) =>
    (PERSON_KINDS as Record<string, string>)[w] ?? pack.conditions.find((c) => c.code === w)?.name ?? w;
  const { groups, who, age, selfCare, carer: carers, livingAlone, illnesses } = conditions;
  if (groups && !person) out.push(`救助身份${NOT_RECORDED}`);
  else if (groups && person && !groups.anyOf.some((g) => person.groups.includes(g)))
    out.push(`不属于${groups.anyOf.map(groupName).join('、')}`);
  if (who && !person) out.push(`人员类别${NOT_RECORDED}`);
  else if (who && person) {
    const is = (w: string) =>
      w === 'elder'
        ? person.age >= pack.elderAge
        : w === 'minor'
          ? person.age < ADULT_AGE
          : person.conditions.includes(w);
    if (!who.anyOf.some(is)) out.push(`不是${who.anyOf.map(whoName).join('、')}`);
  }
  if (age && !person) out.push(`年龄${NOT_RECORDED}`);
  else if (
    age &&
    person &&
    ((age.min !== undefined && person.age < age.min) || (age.max !== undefined && person.age > age.max))
  )
    out.push(`年龄${person.age}岁，不在${age.min ?? 0}–${age.max ?? '不限'}岁之间`);
  if (selfCare && person?.barthelScore === undefined) out.push(`生活自理能力${NOT_RECORDED}（无Barthel指数）`);
  else if (selfCare && person!.barthelScore! > selfCare.barthelMax)
    out.push(`生活能够自理（Barthel指数${person!.barthelScore}，高于${selfCare.barthelMax}）`);
  if (carers && person?.carer === undefined) out.push(`照料${NOT_RECORDED}`);
  else if (carers && !carers.anyOf.includes(person!.carer!))
    out.push(`${CARER_ZH[person!.carer!]}（须${carers.anyOf.map((c) => CARER_ZH[c]).join('或')}）`);
  if (livingAlone && person?.livingAlone === undefined) out.push(`居住${NOT_RECORDED}`);
  else if (livingAlone && person!.livingAlone !== livingAlone.is)
    out.push(livingAlone.is ? '不是独自居住' : '独自居住');
  const had = person?.illnesses;
  if (illnesses && !had) out.push(`患病${NOT_RECORDED}`);
  else if (illnesses && had) {
    const excluded = illnesses.exclude.filter((x) => had.includes(x));
    if (excluded.length) out.push(`患有${excluded.map((x) => ILLNESS_ZH[x]).join('、')}，不宜适用`);
    if (illnesses.anyOf && !illnesses.anyOf.some((x) => had.includes(x)))
      out.push(`未患${illnesses.anyOf.map((x) => ILLNESS_ZH[x]).join('或')}`);
  }
  return out;
}

/** Why the mode does not apply to the person for the item, or undefined when it does. */
export function whyModeDoesNotApply(
  pack: ModePack,
  mode: DeliveryMode,
  item: CatalogueItem,
  person: PersonCircumstances | undefined,
): string | undefined {
  if (!deliversItem(mode, item)) return `不提供${item.name.zh}`;
  const sets = [mode.conditions, ...mode.orConditions].map((c) => unmetConditions(pack, c, person));
  if (sets.some((unmet) => unmet.length === 0)) return undefined;
  return sets.map((unmet) => unmet.join('，')).join('；也不符合另一情形：');
}

export interface ModeChoice {
  /** The mode chosen; undefined when none applies (the township decides). */
  mode?: DeliveryMode;
  /** Each earlier mode and why it did not apply. */
  passedOver: { mode: DeliveryMode; reason: string }[];
  /** In Chinese: why each earlier mode did not apply, then the mode chosen (or that none applies). */
  explanation: string;
}

/**
 * ChooseDeliveryMode: the first mode in the pack's order that delivers the item and whose conditions all hold
 * for the person (or one of its alternatives does), with why each earlier mode did not apply. Without
 * circumstances (decisions made before they were recorded) a condition is "情况未记录" and does not hold. Pure.
 */
export function chooseDeliveryMode(
  pack: ModePack & Pick<PolicyPack, 'deliveryModes'>,
  item: CatalogueItem,
  person: PersonCircumstances | undefined,
): ModeChoice {
  const passedOver: ModeChoice['passedOver'] = [];
  const said = () => {
    // Modes whose conditions failed, each with why; those that do not deliver the item, together.
    const failed = passedOver.filter((p) => deliversItem(p.mode, item));
    const other = passedOver.filter((p) => !deliversItem(p.mode, item));
    return [
      ...failed.map((p) => `「${p.mode.name.zh}」不适用：${p.reason}`),
      ...(other.length ? [`${other.map((p) => `「${p.mode.name.zh}」`).join('')}不提供${item.name.zh}`] : []),
    ];
  };
  for (const mode of pack.deliveryModes) {
    const reason = whyModeDoesNotApply(pack, mode, item, person);
    if (reason === undefined)
      return { mode, passedOver, explanation: [...said(), `按「${mode.name.zh}」办理（${mode.source}）`].join('；') };
    passedOver.push({ mode, reason });
  }
  return {
    passedOver,
    explanation: [...said(), `${item.name.zh}无适用的服务方式，待乡镇(街道)指定`].join('；'),
  };
}

/** Where the person lives, as far as known: county, township, and the village when recorded. */
export interface PersonPlace {
  township: string;
  village?: string;
}

/**
 * The pack's receivers of a kind that serve the person's place, nearest first: those of the village (when
 * known), then the township, then the county, then the whole region. Pure.
 */
export function receiversServing(
  pack: Pick<PolicyPack, 'receivers'>,
  kind: ListedReceiverKind,
  place: PersonPlace,
): ListedReceiver[] {
  const levels = [...(place.village ? [place.village] : []), place.township, place.township.slice(0, 6), undefined];
  return levels.flatMap((area) => pack.receivers.filter((r) => r.kind === kind && r.area === area));
}

/** A listed receiver's or a department's name, by code (departments first); undefined when the pack has none. */
export function receiverNameOf(
  pack: Pick<PolicyPack, 'receivers'> & { departments: Record<string, string> },
  receiverCode: string,
): string | undefined {
  return pack.departments[receiverCode] ?? pack.receivers.find((r) => r.code === receiverCode)?.name;
}

/** Names of the receiver kinds, in Chinese. */
export const receiverKindNamesZh: Record<ReceiverKind, string> = {
  provider: '签约服务机构',
  institution: '供养机构',
  department: '部门',
  party_branch: '基层党组织',
  village_team: '村(社区)“红马夹”帮扶队',
  neighbours: '邻里互助队',
  charity: '慈善组织',
};
