import type { StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  freeText,
  isoDate,
  NeighbourVisitRecorded,
  topics,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { chinaDate, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { assertManages, untrained, type NeighbourState } from './neighbour';

/**
 * RecordNeighbourVisit: the village records a help visit of one of its neighbours (村(社区)记录服务次数、服务内容,
 * 000 三(六)6): the day, the person helped (one the neighbour is paired with), the item and what was done.
 */
export const recordNeighbourVisitCommand = z.object({
  date: isoDate.describe('the day of the visit, China time'),
  pairingId: z.string().min(1).max(100).describe('the person helped: one of the neighbour’s pairings'),
  itemCode: z.string().trim().min(1).max(50).default('CZ-LL-01'),
  content: freeText().trim().min(1).max(500).describe('what the neighbour did (服务内容)'),
});
export type RecordNeighbourVisit = z.infer<typeof recordNeighbourVisitCommand>;

/** A help visit the village recorded. */
export interface NeighbourVisitState {
  visitId: string;
  neighbourId: string;
  region: string;
  township: string;
  village: string;
  date: string;
  /** The year of `date`: what the yearly count groups by. */
  year: string;
  pairingId: string;
  personName: string;
  itemCode: string;
  content: string;
  recordedBy: string;
  recordedAt: string;
}

/**
 * Records a visit of `neighbour` (neighbour-visit.recorded.v1, what the yearly subsidy counts). Refused: a day
 * ahead of today; a person the neighbour is not paired with; an item not in the catalogue; a neighbour not yet
 * trained as the pack asks by that day (training comes first, 000 三(六)6 开展简单护理技能培训, 向帮扶对象提供居家照料服务).
 */
export function decideRecordNeighbourVisit(
  current: NeighbourVisitState | undefined,
  {
    visitId,
    neighbour,
    principal,
    pack,
    ...command
  }: RecordNeighbourVisit & { visitId: string; neighbour: NeighbourState; principal: StaffPrincipal; pack: PolicyPack },
  ctx: UseCaseContext,
): Decision<NeighbourVisitState, NeighbourVisitState> {
  if (current) return { result: current };
  assertManages(principal, neighbour);
  const today = chinaDate(ctx.now);
  if (command.date > today)
    throw DomainError.invalid(
      'visit_in_future',
      `date ${command.date} is after today (${today})`,
      `走访日期（${command.date}）不能晚于今天`,
      [{ path: 'date', code: 'visit_in_future' }],
    );
  const pairing = neighbour.pairings.find((p) => p.pairingId === command.pairingId);
  if (!pairing)
    throw DomainError.invalid(
      'not_paired',
      `neighbour ${neighbour.neighbourId} is not paired with ${command.pairingId}`,
      `${neighbour.name}未与该帮扶对象结对，请先登记结对`,
      [{ path: 'pairingId', code: 'not_paired' }],
    );
  if (!pack.catalogue.some((i) => i.code === command.itemCode))
    throw DomainError.invalid(
      'unknown_item',
      `itemCode ${command.itemCode} is not in the ${pack.region} catalogue`,
      `服务项目不在本地服务清单中：${command.itemCode}`,
      [{ path: 'itemCode', code: 'unknown_item' }],
    );
  const missing = untrained(neighbour.training, pack.neighbourTraining, command.date);
  if (missing)
    throw DomainError.conflict(
      'neighbour_not_trained',
      `neighbour ${neighbour.name} has ${missing.hours} training hours by ${command.date} (needs ${missing.minHours})` +
        (missing.missingCourses.length ? ` and lacks ${missing.missingCourses.join(', ')}` : ''),
      `${neighbour.name}截至${command.date}培训${missing.hours}学时（须${missing.minHours}学时）` +
        (missing.missingCourses.length ? `，未参加：${missing.missingCourses.join('、')}` : '') +
        '，培训合格后的走访方可计数',
    );
  const visit: NeighbourVisitState = {
    visitId,
    neighbourId: neighbour.neighbourId,
    region: neighbour.region,
    township: neighbour.township,
    village: neighbour.village,
    date: command.date,
    year: command.date.slice(0, 4),
    pairingId: pairing.pairingId,
    personName: pairing.personName,
    itemCode: command.itemCode,
    content: command.content,
    recordedBy: principal.sub,
    recordedAt: ctx.now.toISOString(),
  };
  return {
    state: visit,
    events: [
      draft(topics.neighbourHelp, NeighbourVisitRecorded, {
        key: visit.neighbourId,
        id: `neighbour-visit-${visitId}`,
        data: {
          neighbourId: visit.neighbourId,
          region: visit.region,
          township: visit.township,
          village: visit.village,
          visitId,
          date: visit.date,
          itemCode: visit.itemCode,
          recordedAt: visit.recordedAt,
        },
      }),
    ],
    result: visit,
  };
}
