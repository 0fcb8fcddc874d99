import { placeOf, type PolicyPack } from '@carelink/policy';
import type { CaseState, CaseStatus } from '../case';
import { decisionDueAt } from '../decision-deadline/decision-deadline';

/**
 * What the township's worklist (待入户调查, 待审核) needs of a case beyond the case itself: what it waits for and
 * by when, from the time limits of the region's pack on its working calendar (the browser cannot count
 * working days). Pure: the case, its pack and the clock come in.
 */
export type DeadlineKind = 'investigation' | 'township_review' | 'county_approval';

export interface CaseDeadline {
  kind: DeadlineKind;
  dueAt: string;
  overdue: boolean;
}

/** The statuses in which a case waits for something with a time limit. */
export const WAITING_STATUSES: CaseStatus[] = ['investigating', 'investigated', 'awaiting_county'];

/** When the home investigation was recorded, if it was. */
export function investigatedAt(state: CaseState): string | undefined {
  return state.investigation?.result?.recordedAt;
}

/**
 * When the level the case now waits for must decide: the township review from the recorded investigation, the
 * county approval from the township's decision (as the decision timers count them).
 */
export function currentDecisionDueAt(state: CaseState, pack: PolicyPack): string | undefined {
  if (state.status === 'investigated') {
    const at = investigatedAt(state);
    return at ? decisionDueAt(pack, 'township', new Date(at)).toISOString() : undefined;
  }
  if (state.status === 'awaiting_county') {
    const at = state.decisions.at(-1)?.at;
    return at ? decisionDueAt(pack, 'county', new Date(at)).toISOString() : undefined;
  }
  return undefined;
}

/** What the case waits for now and by when; undefined for a case that waits for nothing with a time limit. */
export function caseDeadline(state: CaseState, pack: PolicyPack, now: Date): CaseDeadline | undefined {
  let kind: DeadlineKind;
  let dueAt: string | undefined;
  if (state.status === 'investigating') {
    kind = 'investigation';
    dueAt = state.investigation?.dueAt;
  } else if (state.status === 'investigated' || state.status === 'awaiting_county') {
    kind = state.status === 'investigated' ? 'township_review' : 'county_approval';
    dueAt = currentDecisionDueAt(state, pack);
  } else return undefined;
  return dueAt ? { kind, dueAt, overdue: Date.parse(dueAt) < now.getTime() } : undefined;
}

/** What a worklist asks of the deadlines: only overdue ones, or ones due by an instant. */
export interface DueFilter {
  overdue?: boolean;
  dueBy?: Date;
}

/**
 * The cases a due-date worklist shows, soonest first (a case without a deadline last, newest opened first):
 * `deadlineOf` gives each case's deadline.
 */
export function byDeadline<T extends { state: CaseState; deadline?: CaseDeadline }>(
  cases: readonly T[],
  filter: DueFilter,
): T[] {
  return cases
    .filter(({ deadline }) => {
      if (filter.overdue !== undefined && (deadline?.overdue ?? false) !== filter.overdue) return false;
      if (filter.dueBy && !(deadline && Date.parse(deadline.dueAt) <= filter.dueBy.getTime())) return false;
      return true;
    })
    .sort((a, b) => {
      if (a.deadline && b.deadline) return a.deadline.dueAt.localeCompare(b.deadline.dueAt);
      if (a.deadline || b.deadline) return a.deadline ? -1 : 1;
      return b.state.openedAt.localeCompare(a.state.openedAt);
    });
}

/** Time to decision of decided cases (from opening to the final decision), in days: count, median and 90th percentile. */
export interface DecisionTimes {
  decided: number;
  approved: number;
  rejected: number;
  medianDays: number | null;
  p90Days: number | null;
}

/** The final decision of a decided case: when, and whether any item was approved. */
export function finalDecision(state: CaseState): { at: string; anyApproved: boolean } | undefined {
  const last = state.decisions.at(-1);
  if (state.status !== 'decided' || !last) return undefined;
  return { at: last.at, anyApproved: last.items.some((i) => i.approved) };
}

/** The `q` quantile (0–1) of sorted values, by nearest rank; null for none. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The time to decision of these decided cases (days to one decimal, median and p90 by nearest rank). */
export function decisionTimes(cases: readonly CaseState[]): DecisionTimes {
  const days: number[] = [];
  let approved = 0;
  for (const c of cases) {
    const decision = finalDecision(c);
    if (!decision) continue;
    if (decision.anyApproved) approved++;
    days.push(Math.round((Date.parse(decision.at) - Date.parse(c.openedAt)) / 8_640_000) / 10);
  }
  days.sort((a, b) => a - b);
  return {
    decided: days.length,
    approved,
    rejected: days.length - approved,
    medianDays: quantile(days, 0.5),
    p90Days: quantile(days, 0.9),
  };
}

/**
 * The time to decision of the cases decided over some months, overall and per township (busiest first), each
 * township named beside its code by the region's pack (null when the pack does not name it).
 */
export function decisionStatistics(
  decided: readonly CaseState[],
  pack: PolicyPack | undefined,
): DecisionTimes & { byTownship: (DecisionTimes & { township: string; name: string | null })[] } {
  const townships = new Map<string, CaseState[]>();
  for (const c of decided) townships.set(c.address.township, [...(townships.get(c.address.township) ?? []), c]);
  return {
    ...decisionTimes(decided),
    byTownship: [...townships]
      .map(([township, cases]) => ({
        township,
        name: (pack && placeOf(pack, township)?.township.name) ?? null,
        ...decisionTimes(cases),
      }))
      .sort((a, b) => b.decided - a.decided || a.township.localeCompare(b.township)),
  };
}
