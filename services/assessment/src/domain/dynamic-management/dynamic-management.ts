import type { EventData, RegistryStatusChanged } from '@carelink/contracts';
import { evaluateItemEligibility, explain, type PolicyPack } from '@carelink/policy';
import type { CaseState } from '../case';

type StatusChange = EventData<typeof RegistryStatusChanged>;

export interface Reassessment {
  declaredGroups: string[];
  /** Approved items that no longer qualify under the new status: their services stop now. */
  stopped: { itemCode: string; reason: string }[];
}

/**
 * Dynamic management: a change of assistance status is applied to a case at once. Undecided cases are
 * decided on the new status; approved items of a decided case are checked again and stopped when they
 * no longer qualify, with the reason read out from the rules. Pure.
 */
export function reassessForStatusChange(
  state: CaseState,
  pack: PolicyPack,
  change: StatusChange,
  today: string,
): Reassessment {
  const declaredGroups = change.groups;
  if (state.status !== 'decided') return { declaredGroups, stopped: [] };
  const final = state.decisions[state.decisions.length - 1]!;
  const alreadyStopped = new Set((state.stoppedItems ?? []).map((s) => s.itemCode));
  const conditions = state.investigation?.result?.verifiedConditions ?? [];
  const stopped = final.items
    .filter((v) => v.approved && !alreadyStopped.has(v.itemCode))
    .map((v) => ({
      itemCode: v.itemCode,
      result: evaluateItemEligibility(
        pack,
        { birthDate: state.person.birthDate, groups: change.groups, conditions },
        v.itemCode,
        today,
      ),
    }))
    .filter(({ result }) => !result.eligible)
    .map(({ itemCode, result }) => ({
      itemCode,
      reason: `${change.source}自${change.effectiveFrom}起变更救助身份，${explain(result)}`,
    }));
  return { declaredGroups, stopped };
}

/** Groups the person holds now and did not hold before: they are newly added to assistance. */
export function newlyAdded(change: StatusChange): string[] {
  return change.groups.filter((g) => !change.previousGroups.includes(g));
}
