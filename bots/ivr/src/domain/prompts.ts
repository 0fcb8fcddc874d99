import type { PolicyPack } from '@carelink/policy';
import { z } from 'zod';

export const language = z.enum(['zh', 'ug']);
export type Language = z.infer<typeof language>;

const MESSAGE_KEYS = [
  'welcome',
  'menu',
  'invalid',
  'operator',
  'askId',
  'badId',
  'badIdLength',
  'badIdAddress',
  'badIdBirthDate',
  'badIdCheckDigit',
  'readId',
  'unknownPerson',
  'askCode',
  'firstTimeHint',
  'badCode',
  'verified',
  'tooMany',
  'askItem',
  'askTownship',
  'askGroup',
  'option',
  'askApplyMessage',
  'applied',
  'askComplaintMessage',
  'complained',
  'complaintQueued',
  'askComplaintTopic',
  'askComplaintCase',
  'askComplaintService',
  'caseOption',
  'visitOption',
  'providerOption',
  'noServices',
  'askFirstName',
  'askFirstNeed',
  'firstApplied',
  'noCallBackNumber',
  'repeatNumber',
  'noRecording',
  'noRequests',
  'statusLine',
  'failed',
  'goodbye',
  'visitToConfirm',
  'askVisitCode',
  'badVisitCode',
  'visitConfirmed',
  'visitWrongCode',
  'visitCodeLimit',
  'visitClosed',
  'askDisputeReason',
  'visitDisputed',
  'noVisitsToConfirm',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

const languagePrompts = z
  .object({
    /** The provider's text-to-speech language for Say. */
    say: z.string().min(2),
    digits: z.array(z.string().min(1)).length(10),
    x: z.string().min(1),
    /** The language-choice line (regions with more than one language). */
    choose: z.string().optional(),
  })
  .extend(Object.fromEntries(MESSAGE_KEYS.map((k) => [k, z.string().min(1)])) as Record<MessageKey, z.ZodString>);
export type LanguagePrompts = z.infer<typeof languagePrompts>;

const menuOption = z.object({ key: z.string().regex(/^[1-9]$/), code: z.string().min(1), ug: z.string().optional() });

export const promptsSchema = z.object({
  region: z.string().min(1),
  operator: z.string().min(3),
  languages: z.object({ zh: languagePrompts, ug: languagePrompts.optional() }),
  items: z.array(menuOption).min(1).max(9),
  groups: z.array(menuOption).min(1).max(9),
});
export type RegionPromptsData = z.infer<typeof promptsSchema>;

export interface MenuEntry {
  key: string;
  code: string;
  label: Record<Language, string>;
}

/** A region's prompts, with the menus resolved against its policy pack. */
export interface RegionPrompts {
  region: string;
  operator: string;
  languages: Language[];
  text: Partial<Record<Language, LanguagePrompts>> & { zh: LanguagePrompts };
  items: MenuEntry[];
  groups: MenuEntry[];
  /** Two-digit keys (01, 02 …) in the pack's order. */
  townships: MenuEntry[];
}

/** Checks the prompts against the pack: item and group codes exist, keys are unique, Uyghur labels given. */
export function resolvePrompts(data: RegionPromptsData, pack: PolicyPack): RegionPrompts {
  const problems: string[] = [];
  const languages: Language[] = data.languages.ug ? ['zh', 'ug'] : ['zh'];
  if (languages.length > 1 && languages.some((l) => !data.languages[l]!.choose))
    problems.push('languages.*.choose is required when there is more than one language');
  const resolveMenu = (what: 'items' | 'groups', names: Map<string, string>): MenuEntry[] => {
    const keys = new Set<string>();
    return data[what].map((o, i) => {
      if (keys.has(o.key)) problems.push(`${what}[${i}].key ${o.key} is used twice`);
      keys.add(o.key);
      const zh = names.get(o.code);
      if (!zh) problems.push(`${what}[${i}].code ${o.code} is not in the ${pack.region} pack`);
      if (languages.includes('ug') && !o.ug) problems.push(`${what}[${i}].ug is required (Uyghur prompts)`);
      return { key: o.key, code: o.code, label: { zh: zh ?? o.code, ug: o.ug ?? zh ?? o.code } };
    });
  };
  const items = resolveMenu('items', new Map(pack.catalogue.map((c) => [c.code, c.name.zh])));
  const groups = resolveMenu('groups', new Map(pack.targetGroups.map((g) => [g.code, g.name])));
  const townships = pack.jurisdictions
    .flatMap((c) => c.townships)
    .slice(0, 99)
    .map((t, i) => ({ key: String(i + 1).padStart(2, '0'), code: t.code, label: { zh: t.name, ug: t.name } }));
  if (data.region !== pack.region) problems.push(`region ${data.region} does not match the pack ${pack.region}`);
  if (problems.length > 0) throw new Error(`IVR prompts for ${data.region} are not valid:\n  ${problems.join('\n  ')}`);
  return {
    region: data.region,
    operator: data.operator,
    languages,
    text: data.languages as RegionPrompts['text'],
    items,
    groups,
    townships,
  };
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** Reads a number or code character by character ("3 4 1 7 …"), letters as they are, dashes as pauses. */
export function readOut(value: string, text: Pick<LanguagePrompts, 'digits' | 'x'>): string {
  return [...value]
    .map((ch) => {
      if (/\d/.test(ch)) return text.digits[Number(ch)]!;
      if (ch === 'X' || ch === 'x') return text.x;
      if (ch === '-') return '，';
      return ch;
    })
    .join(' ')
    .replace(/ ， /g, '，');
}

/**
 * Reads an ID number back in the groups people say it in (GB 11643): the 6-digit address code, the 8-digit
 * birth date, the 4-digit sequence and check character, a pause between groups.
 */
export function readIdNumber(idNumber: string, text: Pick<LanguagePrompts, 'digits' | 'x'>): string {
  return [idNumber.slice(0, 6), idNumber.slice(6, 14), idNumber.slice(14)]
    .filter(Boolean)
    .map((group) => readOut(group, text))
    .join('，');
}
