import type { EventOf, RegistryStatusChanged } from '@carelink/contracts';
import { previousChinaMonth, type PolicyPacks } from '@carelink/policy';
import type { CaseCommits, CaseReads } from '../case';
import type { Commits } from '../use-case';
import {
  decideFollowUpList,
  decideStatusChange,
  followUpListId,
  followUpOf,
  type FollowUp,
  type FollowUpList,
  type FollowUps,
} from './dynamic-management';

/** Applies a status change to every case of the person (runs twice, same result). */
export async function handleStatusChange(
  change: EventOf<typeof RegistryStatusChanged>,
  deps: { cases: CaseReads & CaseCommits; followUps: FollowUps; policies: Pick<PolicyPacks, 'get'> },
): Promise<void> {
  const d = change.data;
  if (!deps.policies.get(d.region)) throw new Error(`no policy pack for region ${d.region}`);
  const followUp = followUpOf(d);
  if (followUp) await deps.followUps.add(followUp);
  for (const { caseId } of await deps.cases.ofPerson(d.personId))
    await deps.cases.commit(caseId, (current, ctx) => decideStatusChange(current, change, ctx));
}

/** The monthly job: one list per township of the people newly added last month (made once per month). */
export async function makeMonthlyFollowUpLists(
  now: Date,
  deps: { followUps: FollowUps; followUpLists: Commits<FollowUpList> },
): Promise<number> {
  const month = previousChinaMonth(now);
  const byTownship = new Map<string, FollowUp[]>();
  for (const e of await deps.followUps.ofMonth(month))
    byTownship.set(e.township, [...(byTownship.get(e.township) ?? []), e]);
  let made = 0;
  for (const [township, entries] of byTownship)
    if (
      await deps.followUpLists.commit(followUpListId(month, township), (current, ctx) =>
        decideFollowUpList(current, { month, township, entries }, ctx),
      )
    )
      made++;
  return made;
}
