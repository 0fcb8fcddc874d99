import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError } from '@carelink/contracts';
import { placeOf, type PolicyPack } from '@carelink/policy';
import type { ChatLinkCode } from '../chat-link/link-code';
import type { TrainingRecord } from '../worker';

/** A person a neighbour helps (结对帮扶): named as the village knows them, with their case number when they have one. */
export interface Pairing {
  pairingId: string;
  personName: string;
  caseNumber?: string;
  pairedBy: string;
  pairedAt: string;
}

/**
 * A neighbour (邻里) registered by the village or township to help people nearby (Chizhou 000 三(六)6): trained in
 * simple care, paired with the people they help; their visits are recorded and counted by the village. The ID
 * number and phone are stored encrypted (data-access); the state carries only their masks. The chat the neighbour
 * linked (for doorbell alerts) is kept by the bot: here only when it was linked, and the pending link code's index.
 */
export interface NeighbourState {
  neighbourId: string;
  region: string;
  township: string;
  village: string;
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
  training: TrainingRecord[];
  pairings: Pairing[];
  chatLinkedAt?: string;
  /** The one-time chat link code waiting to be used: its keyed index and when it expires. */
  linkCode?: ChatLinkCode;
  registeredBy: string;
  registeredAt: string;
}

export const NEIGHBOUR = ['neighbour', '邻里互助人员'] as const;

/** The neighbour-training rule of a region's pack (none: registration alone is needed). */
export type NeighbourTrainingRule = PolicyPack['neighbourTraining'];

/** Throws 403 unless the caller (township or village staff) covers the record's village in its region. */
export function assertManages(principal: StaffPrincipal, record: { village: string; region: string }): void {
  if (principal.role !== 'township_caseworker' && principal.role !== 'village_coordinator')
    throw DomainError.forbidden(
      'role_not_allowed',
      'only township and village staff manage neighbours and doorbells',
      '您的岗位无权办理此事项',
    );
  assertCovers(principal, record.village, record.region);
}

/** The village (12 digits) and its township in the pack of `region`, or 400 unknown_village. */
export function villageIn(pack: PolicyPack, village: string): { township: string; villageName: string } {
  const place = placeOf(pack, village.slice(0, 9), village);
  if (!place?.village)
    throw DomainError.invalid(
      'unknown_village',
      `village ${village} is not a village of ${pack.region}`,
      `村（社区）代码 ${village} 不在本地区`,
      [{ path: 'village', code: 'unknown_village' }],
    );
  return { township: place.township.code, villageName: place.village.name };
}

/** Why a neighbour's visit on `day` does not count yet: the training the pack asks for, taken by that day. */
export function untrained(
  training: TrainingRecord[],
  rule: NeighbourTrainingRule,
  day: string,
): { hours: number; minHours: number; missingCourses: string[] } | undefined {
  if (!rule) return undefined;
  const before = training.filter((t) => t.date <= day);
  const hours = before.reduce((sum, t) => sum + t.hours, 0);
  const taken = new Set(before.map((t) => t.course));
  const missingCourses = rule.courses.filter((c) => !taken.has(c));
  return hours < rule.minHours || missingCourses.length > 0
    ? { hours, minHours: rule.minHours, missingCourses }
    : undefined;
}

/** What staff screens show of a neighbour: the state without the pending code's index. */
export type NeighbourView = Omit<NeighbourState, 'linkCode'> & { trained: boolean; linkCodeExpiresAt?: string };

export function neighbourView(n: NeighbourState, rule: NeighbourTrainingRule, today: string): NeighbourView {
  const { linkCode, ...rest } = n;
  return {
    ...rest,
    trained: !untrained(n.training, rule, today),
    ...(linkCode ? { linkCodeExpiresAt: linkCode.expiresAt } : {}),
  };
}
