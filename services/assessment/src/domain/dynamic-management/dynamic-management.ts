import {
  draft,
  EligibilityChanged,
  FollowUpListed,
  topics,
  type Decision,
  type EventData,
  type EventOf,
  type RegistryStatusChanged,
} from '@carelink/contracts';
import { evaluateItemEligibility, explain, type PolicyPack } from '@carelink/policy';
import { changed, type CaseState } from '../case';
import type { AssessmentContext } from '../use-case';

type StatusChange = EventData<typeof RegistryStatusChanged>;

export interface Reassessment {
  /** The status as the register now reports it: what the rules judge the case by from now on. */
  registerStatus: NonNullable<CaseState['registerStatus']>;
  /** Approved items that no longer qualify under the new status: their services stop now. */
  stopped: { itemCode: string; reason: string }[];
}

/**
 * Dynamic management: a change of assistance status is applied to a case at once. Undecided cases are
 * decided on the new status (it is newer than the declaration and than any check the investigation made); approved items of a decided case are checked again and stopped when they
 * no longer qualify, with the reason read out from the rules. Pure.
 */
export function reassessForStatusChange(
  state: CaseState,
  pack: PolicyPack,
  change: StatusChange,
  today: string,
): Reassessment {
  const registerStatus = {
    groups: change.groups,
    source: change.source,
    effectiveFrom: change.effectiveFrom,
    recordedAt: change.recordedAt,
  };
  if (state.status !== 'decided') return { registerStatus, stopped: [] };
  const final = state.decisions[state.decisions.length - 1]!;
  const alreadyStopped = new Set((state.stoppedItems ?? []).map((s) => s.itemCode));
  const conditions = state.investigation?.result?.verifiedConditions ?? [];
  const stopped = final.items
    .filter((v) => v.approved && !alreadyStopped.has(v.itemCode))
    .map((v) => ({
      itemCode: v.itemCode,
      result: evaluateItemEligibility(
        pack,
        { age: state.person.ageAtRegistration, groups: change.groups, conditions },
        v.itemCode,
        today,
      ),
    }))
    .filter(({ result }) => !result.eligible)
    .map(({ itemCode, result }) => ({
      itemCode,
      reason: `${change.source}自${change.effectiveFrom}起变更救助身份，${explain(result)}`,
    }));
  return { registerStatus, stopped };
}

/** Groups the person holds now and did not hold before: they are newly added to assistance. */
export function newlyAdded(change: StatusChange): string[] {
  return change.groups.filter((g) => !change.previousGroups.includes(g));
}

/**
 * A status change applied to one case of the person, once (the case keeps the ids of the changes applied).
 * Items that no longer qualify stop now and say why (eligibility.changed.v1).
 */
export function decideStatusChange(
  current: CaseState | undefined,
  change: EventOf<typeof RegistryStatusChanged>,
  ctx: AssessmentContext,
): Decision<CaseState> {
  if (!current || current.appliedStatusChanges?.includes(change.id)) return {};
  const d = change.data;
  const pack = ctx.policies.get(d.region);
  if (!pack) throw new Error(`no policy pack for region ${d.region}`);
  const { registerStatus, stopped } = reassessForStatusChange(current, pack, d, d.effectiveFrom);
  const at = ctx.now.toISOString();
  // What the applicant declared stays as declared; the register's word is kept beside it and counts from now.
  const state = changed(current, {
    registerStatus,
    stoppedItems: [...(current.stoppedItems ?? []), ...stopped.map((s) => ({ ...s, at }))],
    appliedStatusChanges: [...(current.appliedStatusChanges ?? []), change.id],
  });
  if (stopped.length === 0) return { state };
  const eligibilityChanged = draft(topics.assessmentCases, EligibilityChanged, {
    id: ctx.derivedId(change.id, EligibilityChanged.type, current.caseId),
    key: current.caseId,
    data: {
      caseId: current.caseId,
      caseNumber: current.caseNumber,
      region: current.region,
      township: current.address.township,
      personId: d.personId,
      packVersion: pack.version,
      cause: 'registry_status_changed',
      effectiveFrom: d.effectiveFrom,
      stoppedItems: stopped,
    },
  });
  return { state, events: [eligibilityChanged] };
}

/** A person newly added to assistance, to be followed up by their village (每月新纳入对象). */
export interface FollowUp {
  personId: string;
  region: string;
  township: string;
  village?: string;
  groups: string[];
  since: string;
  month: string;
}

/** The follow-up entry of a status change, when it adds the person to groups they did not hold. */
export function followUpOf(change: StatusChange): FollowUp | undefined {
  const added = newlyAdded(change);
  if (added.length === 0) return undefined;
  return {
    personId: change.personId,
    region: change.region,
    township: change.township,
    ...(change.village ? { village: change.village } : {}),
    groups: added,
    since: change.effectiveFrom,
    month: change.effectiveFrom.slice(0, 7),
  };
}

/** People newly added to assistance, by month (kept once per person and date). */
export interface FollowUps {
  add(entry: FollowUp): Promise<void>;
  ofMonth(month: string, jurisdiction?: string): Promise<FollowUp[]>;
}

/** The list of one month's newly added people sent to their township. */
export interface FollowUpList {
  month: string;
  township: string;
  personIds: string[];
  madeAt: Date;
}

export const followUpListId = (month: string, township: string) => `${month}:${township}`;

/** A township's follow-up list for a month, made once (followup.listed.v1); true when made now. */
export function decideFollowUpList(
  current: FollowUpList | undefined,
  list: { month: string; township: string; entries: FollowUp[] },
  ctx: AssessmentContext,
): Decision<FollowUpList, boolean> {
  if (current) return { result: false };
  const { month, township, entries } = list;
  const listed = draft(topics.assessmentCases, FollowUpListed, {
    id: ctx.derivedId('followup', month, township),
    key: township,
    data: {
      region: entries[0]!.region,
      township,
      month,
      persons: entries.map((e) => ({
        personId: e.personId,
        ...(e.village ? { village: e.village } : {}),
        groups: e.groups as never,
        since: e.since,
      })),
    },
  });
  return {
    state: { month, township, personIds: entries.map((e) => e.personId), madeAt: ctx.now },
    events: [listed],
    result: true,
  };
}
