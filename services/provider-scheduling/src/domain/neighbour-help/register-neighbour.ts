import type { StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  freeText,
  jurisdictionCode,
  maskResidentId,
  NeighbourRegistered,
  NeighbourTrainingRecorded,
  phoneNumber,
  topics,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { chinaDate, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { checkedIdNumber, maskPhone, trainingEntry, type RecordTraining } from '../register-worker/register-worker';
import type { TrainingRecord } from '../worker';
import { issuedLinkCode, linkCodeAccepted, type ChatLinkCode } from '../chat-link/link-code';
import { assertManages, NEIGHBOUR, villageIn, type NeighbourState } from './neighbour';

/** RegisterNeighbour: the village or township registers a neighbour who volunteers to help (自愿献爱心的邻里). */
export const registerNeighbourCommand = z.object({
  village: jurisdictionCode.describe('the village (12 digits) the neighbour helps in'),
  name: freeText().trim().min(1).max(50),
  idNumber: z.string().trim().min(1).max(30).describe('GB 11643 resident ID number; stored encrypted, answered masked'),
  phone: phoneNumber.describe('stored encrypted, answered masked'),
  training: z.array(trainingEntry).max(50).default([]),
});
export type RegisterNeighbour = z.infer<typeof registerNeighbourCommand>;

/** PairNeighbour: the neighbour helps this person (结对). */
export const pairNeighbourCommand = z.object({
  personName: freeText().trim().min(1).max(50),
  caseNumber: z.string().trim().min(1).max(40).optional(),
});
export type PairNeighbour = z.infer<typeof pairNeighbourCommand>;

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
 * Registers a neighbour in a village the caller covers (`current`: the neighbour under the id derived from the ID
 * number and village: one there means the same person is registered already, 409). Tells the platform
 * (neighbour.registered.v1, no identity data); answers the neighbour, identity masked.
 */
export function decideRegisterNeighbour(
  current: NeighbourState | undefined,
  {
    neighbourId,
    principal,
    pack,
    ...command
  }: RegisterNeighbour & { neighbourId: string; principal: StaffPrincipal; pack: PolicyPack },
  ctx: UseCaseContext,
): Decision<NeighbourState & { identity?: { idNumber: string; phone: string } }, NeighbourState> {
  const { township } = villageIn(pack, command.village);
  assertManages(principal, { village: command.village, region: pack.region });
  if (current)
    throw DomainError.conflict(
      'neighbour_already_registered',
      `a neighbour with this ID number is registered in village ${current.village} already as ${current.neighbourId}`,
      `该身份证号码的邻里互助人员已登记（${current.name}），请勿重复登记`,
    );
  const idNumber = checkedIdNumber(command.idNumber, ctx.now);
  const neighbour: NeighbourState = {
    neighbourId,
    region: pack.region,
    township,
    village: command.village,
    name: command.name,
    idNumberMasked: maskResidentId(idNumber),
    phoneMasked: maskPhone(command.phone),
    training: checkedTraining(command.training, principal, ctx.now),
    pairings: [],
    registeredBy: principal.sub,
    registeredAt: ctx.now.toISOString(),
  };
  const facts = { neighbourId, region: neighbour.region, township, village: neighbour.village };
  return {
    state: { ...neighbour, identity: { idNumber, phone: command.phone } },
    events: [
      draft(topics.neighbourHelp, NeighbourRegistered, {
        key: neighbourId,
        data: { ...facts, registeredAt: neighbour.registeredAt },
      }),
      ...neighbour.training.map((t) =>
        draft(topics.neighbourHelp, NeighbourTrainingRecorded, {
          key: neighbourId,
          data: { ...facts, course: t.course, date: t.date, hours: t.hours },
        }),
      ),
    ],
    result: neighbour,
  };
}

function existing(current: NeighbourState | undefined, principal: StaffPrincipal): NeighbourState {
  if (!current) throw DomainError.notFound(...NEIGHBOUR);
  assertManages(principal, current);
  return current;
}

/** Adds a training the neighbour took (neighbour.training-recorded.v1). */
export function decideRecordNeighbourTraining(
  current: NeighbourState | undefined,
  { principal, ...training }: RecordTraining & { principal: StaffPrincipal },
  ctx: UseCaseContext,
): Decision<NeighbourState, NeighbourState> {
  const neighbour = existing(current, principal);
  const [record] = checkedTraining([training], principal, ctx.now);
  const next: NeighbourState = { ...neighbour, training: [...neighbour.training, record!] };
  return {
    state: next,
    events: [
      draft(topics.neighbourHelp, NeighbourTrainingRecorded, {
        key: next.neighbourId,
        data: {
          neighbourId: next.neighbourId,
          region: next.region,
          township: next.township,
          village: next.village,
          course: record!.course,
          date: record!.date,
          hours: record!.hours,
        },
      }),
    ],
    result: next,
  };
}

/** Pairs the neighbour with a person they help; the same person twice is refused (409). */
export function decidePairNeighbour(
  current: NeighbourState | undefined,
  { principal, ...pairing }: PairNeighbour & { principal: StaffPrincipal },
  ctx: UseCaseContext,
): Decision<NeighbourState, NeighbourState> {
  const neighbour = existing(current, principal);
  const same = neighbour.pairings.find(
    (p) => p.personName === pairing.personName && (p.caseNumber ?? '') === (pairing.caseNumber ?? ''),
  );
  if (same)
    throw DomainError.conflict(
      'already_paired',
      `${neighbour.name} already helps ${pairing.personName}`,
      `${neighbour.name}已与${pairing.personName}结对`,
    );
  const next: NeighbourState = {
    ...neighbour,
    pairings: [
      ...neighbour.pairings,
      { pairingId: ctx.newId(), ...pairing, pairedBy: principal.sub, pairedAt: ctx.now.toISOString() },
    ],
  };
  return { state: next, result: next };
}

/**
 * Keeps the index of a new one-time chat link code for the neighbour (the code itself is answered once, never
 * stored): a code given earlier and not used stops working.
 */
export function decideIssueLinkCode(
  current: NeighbourState | undefined,
  { principal, codeIndex }: { principal: StaffPrincipal; codeIndex: string },
  ctx: UseCaseContext,
): Decision<NeighbourState, { expiresAt: string }> {
  const neighbour = existing(current, principal);
  const linkCode = issuedLinkCode(codeIndex, ctx.now);
  return { state: { ...neighbour, linkCode }, result: { expiresAt: linkCode.expiresAt } };
}

/** The link code was used before it expired: the neighbour's chat is linked, the code spent. */
export function decideLinkChat<S extends { linkCode?: ChatLinkCode; chatLinkedAt?: string }>(
  current: S | undefined,
  { codeIndex }: { codeIndex: string },
  ctx: UseCaseContext,
): Decision<S, S> {
  if (!current || !linkCodeAccepted(current.linkCode, codeIndex, ctx.now))
    throw DomainError.invalid(
      'link_code_invalid',
      'the chat link code is unknown, used or expired',
      '绑定码无效或已过期，请向村（社区）索取新的绑定码',
    );
  const { linkCode: _spent, ...rest } = current;
  const next = { ...rest, chatLinkedAt: ctx.now.toISOString() } as S;
  return { state: next, result: next };
}
