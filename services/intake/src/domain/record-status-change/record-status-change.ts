import { assertCovers, type StaffPrincipal } from '@carelink/auth';
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
  freeText,
} from '@carelink/contracts';
import { placeOf, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { townshipCode, villageCode } from '../place-codes';

/** RecordStatusChange: a register (低保/特困 system) reports a person's assistance status from a date. */
export const recordStatusChangeCommand = z.object({
  region: z.string().min(1),
  idNumber: z.string().trim().min(1),
  name: freeText().trim().min(1).max(50),
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
  /** The township (and village) on file; files written before it was kept have none. */
  township?: string;
  village?: string;
  name: string;
  /** In plain words here; data-access seals it at rest. */
  idNumber: string;
  idNumberMasked: string;
  /** Assistance status as the registers last reported it (动态管理). */
  assistance?: { groups: string[]; since: string; source: string };
  updatedAt: Date;
}

export interface StatusChangeOutcome {
  personId: string;
  groups: string[];
  /** The groups held before; left out when the caller's authority over the file rests on no stored place. */
  previousGroups?: string[];
}

/** Who records a status change: their id, and the jurisdiction and region of their token. */
export type StatusChangeRecorder = Pick<StaffPrincipal, 'sub' | 'jurisdiction' | 'region'>;

/**
 * Whether the caller may change this person's file, judged on what is stored, never on the body's word: the
 * file's region, and its township (files from before townships were kept: the townships of the person's
 * requests) must lie within the caller's region and jurisdiction, as must the township the register reports.
 * Refused with 403 `outside_jurisdiction`, before anything of the file is read out. Says whether the caller's
 * authority rests on a stored place (only then may the answer tell what the file held).
 */
export function authoriseStatusChange(
  current: Pick<PersonAssistance, 'region' | 'township'> | undefined,
  command: Pick<RecordStatusChange, 'region' | 'township'>,
  by: StatusChangeRecorder,
  requestTownships: string[],
): { disclose: boolean } {
  assertCovers(by, command.township, command.region);
  if (!current) {
    for (const township of requestTownships) assertCovers(by, township, command.region);
    return { disclose: true };
  }
  const places = current.township ? [current.township] : requestTownships;
  // No place on file: the file's region still has to be the caller's.
  for (const township of places.length > 0 ? places : [command.township]) assertCovers(by, township, current.region);
  return { disclose: places.length > 0 };
}

/**
 * RecordStatusChange, decided: authorised against the person's stored file (see `authoriseStatusChange`),
 * the file (created when the register reports someone intake has not met) takes the reported status and
 * township, and the change goes out with the groups held before (the register's last word, else what the
 * person declared on their latest request), for dynamic management downstream.
 */
export function decideStatusChange(
  current: PersonAssistance | undefined,
  change: {
    personId: string;
    command: RecordStatusChange;
    facts: ResidentIdFacts;
    by: StatusChangeRecorder;
    /** The townships of the person's requests, for a file that keeps no township. */
    requestTownships: string[];
    /** The statuses declared on the person's latest request: held before, as far as is known, until a register spoke. */
    declaredGroups?: string[];
  },
  ctx: UseCaseContext,
): Decision<PersonAssistance, StatusChangeOutcome> {
  const { personId, command, facts } = change;
  const { disclose } = authoriseStatusChange(current, command, change.by, change.requestTownships);
  // Before any register spoke of the person, what they declared when they applied is what they held as far as is
  // known: the change is told against it (a person who declared 低保 and is confirmed is not newly added).
  const previousGroups = current?.assistance?.groups ?? change.declaredGroups ?? [];
  const groups = [...new Set(command.groups)];
  const data = statusChangedData({ personId, command, previousGroups, by: change.by.sub, now: ctx.now });
  return {
    state: {
      region: current?.region ?? command.region,
      township: command.township,
      ...(command.village ? { village: command.village } : {}),
      name: command.name,
      idNumber: facts.idNumber,
      idNumberMasked: maskResidentId(facts.idNumber),
      assistance: { groups, since: command.effectiveFrom, source: command.source },
      updatedAt: ctx.now,
    },
    events: [draft(topics.registryStatus, RegistryStatusChanged, { key: personId, data })],
    result: { personId, groups, ...(disclose ? { previousGroups } : {}) },
  };
}
