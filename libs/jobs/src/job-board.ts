import type { Logger } from '@carelink/telemetry';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';

export type JobHandler = (job: Job) => Promise<void>;

export interface JobBoardOptions {
  redisUrl: string;
  /** The service's queue name; one queue per service, job names say what the job is. */
  queue: string;
  logger: Logger;
  /** Redis key prefix (isolates deployments and test runs sharing a Redis). */
  prefix?: string;
  concurrency?: number;
}

/** BullMQ job ids may not contain ':'; ours are built from domain ids that may. */
const jobKey = (id: string) => id.replace(/:/g, '_');

/**
 * A service's delayed and repeating work. Every job has an id derived from what it is about, so that
 * scheduling it again (a retry, a redelivered event, a restart) cannot add a second one. Failed jobs retry
 * with exponential backoff. Handlers are entry points: map the job to a use case, nothing else.
 */
export class JobBoard {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;
  private readonly prefix: string;

  constructor(private readonly options: JobBoardOptions) {
    // BullMQ workers block on Redis: their connection needs maxRetriesPerRequest null.
    this.connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
    this.prefix = options.prefix || 'carelink';
    this.queue = new Queue(options.queue, { connection: this.connection, prefix: this.prefix });
  }

  /** Schedules `name` to run at `runAt` (or now), once per `jobId`. */
  async schedule(
    name: string,
    jobId: string,
    data: Record<string, unknown>,
    runAt?: Date,
    options: JobsOptions = {},
  ): Promise<void> {
    await this.queue.add(name, data, {
      jobId: jobKey(jobId),
      delay: runAt ? Math.max(0, runAt.getTime() - Date.now()) : 0,
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 30 * 24 * 3600 },
      removeOnFail: false,
      ...options,
    });
  }

  /** A repeating job (e.g. the monthly follow-up list), upserted so that restarts keep one schedule. */
  async repeat(name: string, schedulerId: string, cron: string, timezone = 'Asia/Shanghai'): Promise<void> {
    await this.queue.upsertJobScheduler(schedulerId, { pattern: cron, tz: timezone }, { name, data: {} });
  }

  /** Cancels a job that has not run yet (no effect if it already ran or never existed). */
  async cancel(jobId: string): Promise<void> {
    const job = await this.queue.getJob(jobKey(jobId));
    if (job && (await job.isDelayed())) await job.remove();
  }

  async state(jobId: string): Promise<string | undefined> {
    const job = await this.queue.getJob(jobKey(jobId));
    return job ? job.getState() : undefined;
  }

  /** Starts working the queue with one handler per job name. */
  start(handlers: Record<string, JobHandler>): void {
    this.workerConnection = this.connection.duplicate();
    this.worker = new Worker(
      this.options.queue,
      async (job) => {
        const handler = handlers[job.name];
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        await handler(job);
      },
      { connection: this.workerConnection, prefix: this.prefix, concurrency: this.options.concurrency ?? 4 },
    );
    this.worker.on('failed', (job, err) =>
      this.options.logger.warn(
        { job: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message },
        'job failed',
      ),
    );
    this.worker.on('error', (err) => this.options.logger.error({ err }, 'job worker error'));
  }

  async ping(): Promise<boolean> {
    return (await this.connection.ping()) === 'PONG';
  }

  /** Lets running jobs finish, then closes the worker, the queue and the connection. */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
