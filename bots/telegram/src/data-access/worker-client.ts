import { DomainError } from '@carelink/contracts';
import type { WorkerVisitBrief } from '../domain/worker-visits/worker-notice';
import { callService } from './intake-client';

/** A worker's chat as provider-scheduling knows it: where to send and the visit's brief. */
export interface WorkerBriefAnswer {
  chatId: number;
  workerName: string;
  brief: WorkerVisitBrief;
}

/** A linked worker's visits of a day (China time), in their region. */
export interface WorkerDay {
  day: string;
  region: string;
  workerName: string;
  visits: WorkerVisitBrief[];
}

/**
 * provider-scheduling for workers' own chats (the bot's token of the visit's region): redeem a worker's link code
 * a chat sent, what to tell a worker of a visit (none when they linked no chat), and a linked worker's day.
 */
export class WorkerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: (region?: string) => Promise<string>,
  ) {}

  /** The worker a link code names, now linked to the chat; refused (400 link_code_invalid) when unknown or used. */
  async redeem(code: string, chatId: number): Promise<{ workerId: string; name: string; region: string }> {
    return (
      await callService<{ workerId: string; name: string; region: string }>(`${this.baseUrl}/worker-chat-links`, {
        method: 'POST',
        token: await this.token(),
        body: { code, chatId },
      })
    ).body;
  }

  /** What to tell `workerId` of a visit, and where; undefined when the worker linked no chat (nothing is sent). */
  async briefFor(visitId: string, workerId: string, region: string): Promise<WorkerBriefAnswer | undefined> {
    try {
      return (
        await callService<WorkerBriefAnswer>(
          `${this.baseUrl}/visits/${encodeURIComponent(visitId)}/worker-brief?workerId=${encodeURIComponent(workerId)}`,
          { method: 'GET', token: await this.token(region) },
        )
      ).body;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'worker_not_linked') return undefined;
      throw err;
    }
  }

  /** The visits of today of the worker this chat is linked to; undefined for a chat of no worker. */
  async today(chatId: number): Promise<WorkerDay | undefined> {
    try {
      return (
        await callService<WorkerDay>(`${this.baseUrl}/worker-chats/${chatId}/today`, {
          method: 'GET',
          token: await this.token(),
        })
      ).body;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'worker_not_linked') return undefined;
      throw err;
    }
  }
}
