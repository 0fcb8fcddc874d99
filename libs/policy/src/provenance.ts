import { z } from 'zod';

/**
 * Where a rule of a pack comes from, so a county officer can audit the pack against the plan: a clause of one of
 * the region's plans, named by the plan's id and the clause as the plan numbers it (`000 三(六)1`, `001 四(四)`),
 * or `local: <why>` for a choice the plan leaves to the county (fees, time limits, demo villages).
 */
export const ruleSource = z
  .string()
  .regex(
    /^(?:\d{3} \S.*|local: \S.*)$/,
    'a source is a plan clause (e.g. "000 三(六)1") or "local: <why the county chose it>"',
  );
export type RuleSource = z.infer<typeof ruleSource>;
