import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, maskResidentId, RegistryStatusChanged, topics } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { PersonRepository } from '../../data-access/person-repository';
import { statusChangedData, validateStatusChange, type RecordStatusChange } from './record-status-change';

export async function handleRecordStatusChange(
  command: RecordStatusChange,
  principal: StaffPrincipal,
  deps: {
    policies: PolicyPacks;
    persons: PersonRepository;
    now: () => Date;
    traceparent: () => string | undefined;
    assertInJurisdiction: (code: string) => void;
  },
): Promise<{ personId: string; groups: string[]; previousGroups: string[] }> {
  const now = deps.now();
  const facts = validateStatusChange(command, deps.policies.get(command.region), now);
  deps.assertInJurisdiction(command.township);
  const personId = deps.persons.personIdOf(facts.idNumber);
  let previousGroups: string[] = [];
  await deps.persons.recordAssistance(
    {
      personId,
      region: command.region,
      name: command.name,
      idNumber: facts.idNumber,
      idNumberMasked: maskResidentId(facts.idNumber),
      birthDate: facts.birthDate,
      sex: facts.sex,
    },
    { groups: [...new Set(command.groups)], since: command.effectiveFrom, source: command.source },
    (previous) => {
      previousGroups = previous;
      const data = statusChangedData({ personId, command, previousGroups: previous, by: principal.sub, now });
      return [
        {
          topic: topics.registryStatus,
          event: buildEvent(RegistryStatusChanged, {
            source: '/carelink/intake',
            key: personId,
            time: now,
            traceparent: deps.traceparent(),
            data,
          }),
        },
      ];
    },
  );
  return { personId, groups: [...new Set(command.groups)], previousGroups };
}
