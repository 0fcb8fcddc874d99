import {
  buildEvent,
  derivedEventId,
  EligibilityChanged,
  FollowUpListed,
  topics,
  type EventOf,
  type RegistryStatusChanged,
} from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { CaseRepository } from '../../data-access/case-repository';
import type { FollowUpRepository } from '../../data-access/follow-up-repository';
import { previousChinaMonth } from '@carelink/policy';
import { newlyAdded, reassessForStatusChange } from './dynamic-management';

/** Applies a status change to every case of the person (runs twice, same result). */
export async function handleStatusChange(
  change: EventOf<typeof RegistryStatusChanged>,
  deps: { cases: CaseRepository; followUps: FollowUpRepository; policies: PolicyPacks; eventsWritten: () => void },
): Promise<void> {
  const d = change.data;
  const pack = deps.policies.get(d.region);
  if (!pack) throw new Error(`no policy pack for region ${d.region}`);
  const added = newlyAdded(d);
  if (added.length)
    await deps.followUps.add({
      personId: d.personId,
      region: d.region,
      township: d.township,
      ...(d.village ? { village: d.village } : {}),
      groups: added,
      since: d.effectiveFrom,
      month: d.effectiveFrom.slice(0, 7),
    });

  for (const state of await deps.cases.ofPerson(d.personId)) {
    const eventId = derivedEventId(change.id, EligibilityChanged.type, state.caseId);
    if (state.appliedStatusChanges?.includes(change.id)) continue;
    const { declaredGroups, stopped } = reassessForStatusChange(state, pack, d, d.effectiveFrom);
    const events = stopped.length
      ? [
          {
            topic: topics.assessmentCases,
            event: buildEvent(EligibilityChanged, {
              id: eventId,
              source: '/carelink/assessment',
              key: state.caseId,
              traceparent: change.traceparent,
              data: {
                caseId: state.caseId,
                caseNumber: state.caseNumber,
                region: state.region,
                township: state.address.township,
                personId: d.personId,
                packVersion: pack.version,
                cause: 'registry_status_changed',
                effectiveFrom: d.effectiveFrom,
                stoppedItems: stopped,
              },
            }),
          },
        ]
      : [];
    const at = new Date().toISOString();
    const ok = await deps.cases.applyChange(
      state.caseId,
      state.version,
      {
        set: {
          declaredGroups,
          stoppedItems: [...(state.stoppedItems ?? []), ...stopped.map((s) => ({ ...s, at }))],
          appliedStatusChanges: [...(state.appliedStatusChanges ?? []), change.id],
        },
      },
      events,
    );
    if (!ok) throw new Error(`case ${state.caseNumber} changed while applying a status change; retrying`);
    if (events.length) deps.eventsWritten();
  }
}

/** The monthly job: one list per township of the people newly added last month (made once per month). */
export async function makeMonthlyFollowUpLists(
  now: Date,
  deps: { followUps: FollowUpRepository; eventsWritten: () => void },
): Promise<number> {
  const month = previousChinaMonth(now);
  const entries = await deps.followUps.ofMonth(month);
  const byTownship = new Map<string, typeof entries>();
  for (const e of entries) byTownship.set(e.township, [...(byTownship.get(e.township) ?? []), e]);
  let made = 0;
  for (const [township, list] of byTownship) {
    const event = buildEvent(FollowUpListed, {
      id: derivedEventId('followup', month, township),
      source: '/carelink/assessment',
      key: township,
      data: {
        region: list[0]!.region,
        township,
        month,
        persons: list.map((e) => ({
          personId: e.personId,
          ...(e.village ? { village: e.village } : {}),
          groups: e.groups as never,
          since: e.since,
        })),
      },
    });
    if (
      await deps.followUps.recordList(
        month,
        township,
        list.map((e) => e.personId),
        [{ topic: topics.assessmentCases, event }],
      )
    )
      made++;
  }
  if (made) deps.eventsWritten();
  return made;
}
