import { z } from 'zod';

const NO_SOURCE = 'names no source: give a plan clause (e.g. "000 三(六)1") or "local: <why the county chose it>"';

/**
 * Where a rule of a pack comes from, so a county officer can audit the pack against the plan: a clause of one of
 * the region's plans, named by the plan's id and the clause as the plan numbers it (`000 三(六)1`, `001 四(四)`),
 * optionally followed by a note, or `local: <why>` for a choice the plan leaves to the county (fees, time limits,
 * demo villages). A plan-cited source must name a plan the pack lists under `plans` (checked by the pack schema).
 */
export const ruleSource = z
  .string({ error: (issue) => (issue.input === undefined ? NO_SOURCE : undefined) })
  .regex(
    /^(?:\d{3} \S.*|local: \S.*)$/,
    'a source is a plan clause (e.g. "000 三(六)1") or "local: <why the county chose it>"',
  );
export type RuleSource = z.infer<typeof ruleSource>;

/** A source taken apart: the plan and clause it cites (none for `local:`) and the note after them. */
export function citationOf(source: RuleSource): { planId?: string; clause?: string; note: string } {
  const local = /^local: (.*)$/s.exec(source);
  if (local) return { note: local[1]!.trim() };
  const [, planId, clause, note] = /^(\d{3}) (\S+)\s*(.*)$/s.exec(source)!;
  return { planId: planId!, clause: clause!, note: note!.trim() };
}

/** A plan of the region the pack's rules cite (the seed documents: 实施方案). */
export const plan = z.object({
  id: z.string().regex(/^\d{3}$/, 'a plan id is three digits, as sources cite it (e.g. "000")'),
  title: z.string().min(1),
  documentNumber: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  url: z.string().url().optional(),
});
export type Plan = z.infer<typeof plan>;

/** A setting and the rule's source, `{ value, source }` in a pack. */
export function sourced<T extends z.ZodType>(value: T) {
  return z.object(
    { value, source: ruleSource },
    {
      error: (issue) => (issue.code === 'invalid_type' ? `${NO_SOURCE}; write { value: …, source: … }` : undefined),
    },
  );
}

/**
 * Every plan-cited source in a parsed pack (any `source` string, and any string under a `sources` object), with
 * its path; used to check that each cited plan is listed, whatever section the source sits in.
 */
export function citedSources(
  node: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; source: string }[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => citedSources(child, [...path, i]));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, child]) => {
    if (key === 'source' && typeof child === 'string') return [{ path: [...path, key], source: child }];
    if (key === 'sources' && child && typeof child === 'object' && !Array.isArray(child))
      return Object.entries(child)
        .filter((e): e is [string, string] => typeof e[1] === 'string')
        .map(([k, s]) => ({ path: [...path, key, k], source: s }));
    return citedSources(child, [...path, key]);
  });
}
