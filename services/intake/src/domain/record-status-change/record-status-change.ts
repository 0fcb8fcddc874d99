import {
  parseResidentId,
  residentIdProblemText,
  targetGroup,
  type EventData,
  type RegistryStatusChanged,
} from '@carelink/contracts';
import { AppError } from '@carelink/http';
import { placeOf, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';

/** RecordStatusChange: a register (低保/特困 system) reports a person's assistance status from a date. */
export const recordStatusChangeCommand = z.object({
  region: z.string().min(1),
  idNumber: z.string().trim().min(1),
  name: z.string().trim().min(1).max(50),
  township: z.string().regex(/^\d{9}$/, 'a 9-digit township code'),
  village: z
    .string()
    .regex(/^\d{12}$/, 'a 12-digit village code')
    .optional(),
  groups: z.array(targetGroup),
  effectiveFrom: z.string().date('effectiveFrom is a date, YYYY-MM-DD'),
  source: z.string().trim().min(1).max(100),
});
export type RecordStatusChange = z.infer<typeof recordStatusChangeCommand>;

export function validateStatusChange(command: RecordStatusChange, pack: PolicyPack | undefined, today: Date) {
  if (!pack) throw AppError.badRequest('unknown_region', `region ${command.region} has no policy pack`, '地区不存在');
  const id = parseResidentId(command.idNumber, today);
  if (!id.ok)
    throw AppError.badRequest(
      'invalid_id_number',
      `idNumber: ${residentIdProblemText[id.problem].en}`,
      residentIdProblemText[id.problem].zh,
    );
  if (!placeOf(pack, command.township, command.village))
    throw AppError.badRequest(
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
