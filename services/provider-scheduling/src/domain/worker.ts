import { DomainError } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import type { ChatLinkCode } from './chat-link/link-code';

/** A training a worker took (培训记录): course, day (YYYY-MM-DD) and hours. */
export interface TrainingRecord {
  course: string;
  date: string;
  hours: number;
  recordedBy: string;
  recordedAt: string;
}

/**
 * A worker (服务人员) of a provider, registered on the platform before serving (Changji 001 五(四)). The ID
 * number and phone are stored encrypted (data-access); the state carries only their masks.
 */
export interface WorkerState {
  workerId: string;
  providerId: string;
  region: string;
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
  qualifications: string[];
  /** The catalogue items the worker may serve. */
  itemCodes: string[];
  training: TrainingRecord[];
  registeredBy: string;
  registeredAt: string;
  /** The worker's own chat with the bot, where visit reminders go (none: 未绑定, nothing is sent). */
  chat?: { chatId: number; linkedAt: string };
  /** The one-time chat link code waiting to be used: its keyed index and when it expires. */
  linkCode?: ChatLinkCode;
}

/** How a worker is named when it is not found (English, Chinese). */
export const WORKER = ['worker', '服务人员'] as const;

/** The training rule of a region's pack (none: registration alone is needed). */
export type TrainingRule = PolicyPack['workerTraining'];

/** Why a worker may not serve an item on a day; none when they may. */
export type ServingProblem =
  | { code: 'worker_not_registered' }
  | { code: 'worker_not_trained'; hours: number; minHours: number; missingCourses: string[] }
  | { code: 'worker_not_qualified'; itemCode: string };

/**
 * Whether `worker` may serve `itemCode` on `day` (YYYY-MM-DD, China time): registered with the visit's provider,
 * trained as the region requires by that day (trainings dated after it do not count: trained *before* serving,
 * Chizhou 000 四(六)), and qualified for the item.
 */
export function servingProblem(
  worker: WorkerState | undefined,
  { providerId, itemCode, day, rule }: { providerId: string; itemCode: string; day: string; rule: TrainingRule },
): ServingProblem | undefined {
  if (!worker || worker.providerId !== providerId) return { code: 'worker_not_registered' };
  if (rule) {
    const before = worker.training.filter((t) => t.date <= day);
    const hours = before.reduce((sum, t) => sum + t.hours, 0);
    const taken = new Set(before.map((t) => t.course));
    const missingCourses = rule.courses.filter((c) => !taken.has(c));
    if (hours < rule.minHours || missingCourses.length > 0)
      return { code: 'worker_not_trained', hours, minHours: rule.minHours, missingCourses };
  }
  if (!worker.itemCodes.includes(itemCode)) return { code: 'worker_not_qualified', itemCode };
  return undefined;
}

/** Throws 409 naming why `workerId` may not serve (see `servingProblem`). */
export function assertMayServe(
  workerId: string,
  worker: WorkerState | undefined,
  facts: { providerId: string; itemCode: string; day: string; rule: TrainingRule },
): WorkerState {
  const problem = servingProblem(worker, facts);
  if (!problem) return worker!;
  switch (problem.code) {
    case 'worker_not_registered':
      throw DomainError.conflict(
        'worker_not_registered',
        `worker ${workerId} is not registered with provider ${facts.providerId}; register the worker before sending them`,
        `服务人员 ${workerId} 未在本机构登记，请先在平台登记服务人员后再派出`,
      );
    case 'worker_not_trained':
      throw DomainError.conflict(
        'worker_not_trained',
        `worker ${worker!.name} has ${problem.hours} training hours by ${facts.day} (needs ${problem.minHours})` +
          (problem.missingCourses.length ? ` and lacks ${problem.missingCourses.join(', ')}` : ''),
        `服务人员${worker!.name}截至${facts.day}培训${problem.hours}学时（须${problem.minHours}学时）` +
          (problem.missingCourses.length ? `，未参加：${problem.missingCourses.join('、')}` : '') +
          '，培训合格后方可上门服务',
      );
    case 'worker_not_qualified':
      throw DomainError.conflict(
        'worker_not_qualified',
        `worker ${worker!.name} is not qualified for item ${problem.itemCode}`,
        `服务人员${worker!.name}不具备该服务项目（${problem.itemCode}）的服务资质`,
      );
  }
}
