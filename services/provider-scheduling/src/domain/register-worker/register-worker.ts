import type { StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  freeText,
  isoDate,
  maskResidentId,
  parseResidentId,
  phoneNumber,
  residentIdProblemText,
  topics,
  WorkerRegistered,
  WorkerTrainingRecorded,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { chinaDate, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { assertOwnProvider, viewerOf } from '../visibility';
import { WORKER, type TrainingRecord, type WorkerState } from '../worker';

export const trainingEntry = z.object({
  course: freeText().trim().min(1).max(100),
  date: isoDate,
  hours: z.number().positive().max(1000),
});

/** RegisterWorker: a provider registers one of its workers on the platform (before the worker serves). */
export const registerWorkerCommand = z.object({
  name: freeText().trim().min(1).max(50),
  idNumber: z.string().trim().min(1).max(30).describe('GB 11643 resident ID number; stored encrypted, answered masked'),
  phone: phoneNumber.describe('stored encrypted, answered masked'),
  qualifications: z.array(freeText().trim().min(1).max(100)).max(20).default([]),
  itemCodes: z.array(z.string().trim().min(1).max(50)).min(1).max(50).describe('catalogue items the worker may serve'),
  training: z.array(trainingEntry).max(50).default([]),
});
export type RegisterWorker = z.infer<typeof registerWorkerCommand>;

/** RecordTraining: a training the worker took. */
export const recordTrainingCommand = trainingEntry;
export type RecordTraining = z.infer<typeof recordTrainingCommand>;

/** A phone as screens show it: 138****8000. */
export function maskPhone(phone: string): string {
  return phone.length <= 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** The new worker's state; the identity in clear goes to data-access apart, to be sealed. */
export interface RegisteredWorker {
  state: WorkerState;
  identity: { idNumber: string; phone: string };
}

/** Throws 400 unless `idNumber` is a valid GB 11643 number; answers it normalised. */
export function checkedIdNumber(idNumber: string, now: Date): string {
  const parsed = parseResidentId(idNumber, now);
  if (!parsed.ok)
    throw DomainError.invalid(
      'invalid_id_number',
      `idNumber: ${residentIdProblemText[parsed.problem].en}`,
      residentIdProblemText[parsed.problem].zh,
      [{ path: 'idNumber', code: parsed.problem }],
    );
  return parsed.facts.idNumber;
}

function checkedTraining(entries: RecordTraining[], principal: StaffPrincipal, now: Date): TrainingRecord[] {
  const today = chinaDate(now);
  return entries.map((t, i) => {
    if (t.date > today)
      throw DomainError.invalid(
        'training_in_future',
        `training[${i}].date ${t.date} is after today (${today})`,
        `培训日期（${t.date}）不能晚于今天`,
        [{ path: `training.${i}.date`, code: 'training_in_future' }],
      );
    return { ...t, recordedBy: principal.sub, recordedAt: now.toISOString() };
  });
}

/**
 * Registers a worker of the caller's provider (`current`: the worker under the id derived from the ID number and
 * provider: one there means the same person is registered already, 409). Item codes must be in the region's
 * catalogue. Tells the platform (worker.registered.v1, no identity data); answers the worker, identity masked.
 */
export function decideRegisterWorker(
  current: WorkerState | undefined,
  {
    workerId,
    principal,
    pack,
    ...command
  }: RegisterWorker & { workerId: string; principal: StaffPrincipal; pack: PolicyPack },
  ctx: UseCaseContext,
): Decision<WorkerState & { identity?: RegisteredWorker['identity'] }, WorkerState> {
  const viewer = viewerOf(principal);
  if (viewer.kind !== 'provider')
    throw DomainError.forbidden('role_not_allowed', 'only provider staff register workers', '您的岗位无权办理此事项');
  if (current)
    throw DomainError.conflict(
      'worker_already_registered',
      `a worker with this ID number is registered already as ${current.workerId}`,
      `该身份证号码的服务人员已登记（${current.name}），请勿重复登记`,
    );
  const idNumber = checkedIdNumber(command.idNumber, ctx.now);
  const catalogue = new Set(pack.catalogue.map((i) => i.code));
  const unknown = command.itemCodes.filter((c) => !catalogue.has(c));
  if (unknown.length > 0)
    throw DomainError.invalid(
      'unknown_item',
      `itemCodes not in the ${pack.region} catalogue: ${unknown.join(', ')}`,
      `服务项目不在本地服务清单中：${unknown.join('、')}`,
      unknown.map((itemCode) => ({ path: 'itemCodes', itemCode, code: 'unknown_item' })),
    );
  const worker: WorkerState = {
    workerId,
    providerId: viewer.providerId,
    region: principal.region,
    name: command.name,
    idNumberMasked: maskResidentId(idNumber),
    phoneMasked: maskPhone(command.phone),
    qualifications: command.qualifications,
    itemCodes: [...new Set(command.itemCodes)],
    training: checkedTraining(command.training, principal, ctx.now),
    registeredBy: principal.sub,
    registeredAt: ctx.now.toISOString(),
  };
  return {
    state: { ...worker, identity: { idNumber, phone: command.phone } },
    events: [
      draft(topics.workers, WorkerRegistered, {
        key: workerId,
        data: {
          workerId,
          providerId: worker.providerId,
          region: worker.region,
          qualifications: worker.qualifications,
          itemCodes: worker.itemCodes,
          registeredAt: worker.registeredAt,
        },
      }),
    ],
    result: worker,
  };
}

/** Adds a training record to a worker of the caller's provider (worker.training-recorded.v1). */
export function decideRecordTraining(
  current: WorkerState | undefined,
  { principal, ...training }: RecordTraining & { principal: StaffPrincipal },
  ctx: UseCaseContext,
): Decision<WorkerState, WorkerState> {
  if (!current) throw DomainError.notFound(...WORKER);
  assertOwnProvider(principal, current.providerId);
  const [record] = checkedTraining([training], principal, ctx.now);
  const worker: WorkerState = { ...current, training: [...current.training, record!] };
  return {
    state: worker,
    events: [
      draft(topics.workers, WorkerTrainingRecorded, {
        key: worker.workerId,
        data: {
          workerId: worker.workerId,
          providerId: worker.providerId,
          region: worker.region,
          course: record!.course,
          date: record!.date,
          hours: record!.hours,
        },
      }),
    ],
    result: worker,
  };
}
