import {
  DomainError,
  draft,
  maskResidentId,
  parseResidentId,
  RegistryStatusChanged,
  residentIdProblemText,
  targetGroup,
  topics,
  type Decision,
  type EventData,
  type ResidentIdFacts,
  type UseCaseContext,
} from '@carelink/contracts';
import { placeOf, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { townshipCode, villageCode } from '../place-codes';

/** RecordStatusChange: a register (低保/特困 system) reports a person's assistance status from a date. */
export const recordStatusChangeCommand = z.object({
  region: z.string().min(1),
  idNumber: z.string().trim().min(1),
  name: z.string().trim().min(1).max(50),
  township: townshipCode,
  village: villageCode.optional(),
  groups: z.array(targetGroup),
  effectiveFrom: z.string().date('effectiveFrom is a date, YYYY-MM-DD'),
  source: z.string().trim().min(1).max(100),
});
export type RecordStatusChange = z.infer<typeof recordStatusChangeCommand>;

export function validateStatusChange(command: RecordStatusChange, pack: PolicyPack | undefined, today: Date) {
  if (!pack) throw DomainError.invalid('unknown_region', `region ${command.region} has no policy pack`, '地区不存在');
  const id = parseResidentId(command.idNumber, today);
  if (!id.ok)
    throw DomainError.invalid(
      'invalid_id_number',
      `idNumber: ${residentIdProblemText[id.problem].en}`,
      residentIdProblemText[id.problem].zh,
    );
  if (!placeOf(pack, command.township, command.village))
    throw DomainError.invalid(
      'unknown_place',
      `township ${command.township} is not in ${pack.name.en}`,
      '乡镇(街道)或村(社区)不在本地区',
    );
  return id.facts;
}

export function statusChangedData(input: {
  personId: string;
  command: RecordStatusChange;
  previousGroups: string[];
  by: string;
  now: Date;
}): EventData<typeof RegistryStatusChanged> {
  const { command } = input;
  return {
    personId: input.personId,
    region: command.region,
    township: command.township,
    ...(command.village ? { village: command.village } : {}),
    groups: [...new Set(command.groups)],
    previousGroups: input.previousGroups as EventData<typeof RegistryStatusChanged>['previousGroups'],
    effectiveFrom: command.effectiveFrom,
    source: command.source,
    recordedBy: input.by,
    recordedAt: input.now.toISOString(),
  };
}

/** The part of a person's file (一人一档) a status change writes: who they are, and their assistance status. */
export interface PersonAssistance {
  region: string;
  name: string;
  /** In plain words here; data-access seals it at rest. */
  idNumber: string;
  idNumberMasked: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** Assistance status as the registers last reported it (动态管理). */
  assistance?: { groups: string[]; since: string; source: string };
  updatedAt: Date;
}

export interface StatusChangeOutcome {
  personId: string;
  groups: string[];
  previousGroups: string[];
}

/**
 * RecordStatusChange, decided: the person's file (created when the register reports someone intake has not
 * met) takes the reported status, and the change goes out with the groups held before, for dynamic
 * management downstream.
 */
export function decideStatusChange(
  current: PersonAssistance | undefined,
  change: { personId: string; command: RecordStatusChange; facts: ResidentIdFacts; recordedBy: string },
  ctx: UseCaseContext,
): Decision<PersonAssistance, StatusChangeOutcome> {
  const { personId, command, facts } = change;
  const previousGroups = current?.assistance?.groups ?? [];
  const groups = [...new Set(command.groups)];
  const data = statusChangedData({ personId, command, previousGroups, by: change.recordedBy, now: ctx.now });
  return {
    state: {
      region: command.region,
      name: command.name,
      idNumber: facts.idNumber,
      idNumberMasked: maskResidentId(facts.idNumber),
      birthDate: facts.birthDate,
      sex: facts.sex,
      assistance: { groups, since: command.effectiveFrom, source: command.source },
      updatedAt: ctx.now,
    },
    events: [draft(topics.registryStatus, RegistryStatusChanged, { key: personId, data })],
    result: { personId, groups, previousGroups },
  };
}
