import type { StaffPrincipal } from '@carelink/auth';
import { AppError, type ServiceApp } from '@carelink/http';
import type { Logger } from '@carelink/telemetry';
import { ServiceCallError, type OperatorChats } from '../../data-access/service-calls';
import type { SessionStore } from '../../data-access/session-store';
import { chatQueueChanges, type ChatQueueEvent, type WaitingChat } from '../../domain/chat-queue/chat-queue-changes';
import { signedIn } from './session-gate';

export interface ChatListener {
  principal: StaffPrincipal;
  send: (event: ChatQueueEvent) => void;
}

interface RegionWatch {
  listeners: Set<ChatListener>;
  /** The waiting list as last read; undefined before the first read. */
  waiting?: WaitingChat[];
  /** The bot does not serve the region (403) or did not answer: next read not before this. */
  pausedUntil?: number;
  lastWarnAt?: number;
}

/** After the bot refused a region (it serves another) or failed, it is asked again this much later. */
const PAUSE_MS = 60_000;

/**
 * One reader of the chat bot's hand-over queue per console process: while hotline operators of a region are
 * connected, the queue is read every `intervalMs` (as one of those operators, with a short-lived token) and
 * each change is sent to all of them: `chat-waiting` when a chat begins to wait, `chat-taken` when it stops.
 * An operator connecting is first sent every chat waiting now.
 */
export class ChatWatch {
  private readonly regions = new Map<string, RegionWatch>();
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly chats: OperatorChats,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  subscribe(listener: ChatListener): () => void {
    const region = listener.principal.region;
    let watch = this.regions.get(region);
    if (!watch) this.regions.set(region, (watch = { listeners: new Set() }));
    watch.listeners.add(listener);
    for (const chat of watch.waiting ?? []) listener.send({ event: 'chat-waiting', data: chat });
    if (watch.waiting === undefined) void this.readAll();
    this.schedule();
    return () => {
      watch.listeners.delete(listener);
      if (watch.listeners.size === 0) this.regions.delete(region);
    };
  }

  get listening(): number {
    return [...this.regions.values()].reduce((n, w) => n + w.listeners.size, 0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.regions.clear();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      await this.readAll();
      if (this.regions.size > 0) this.schedule();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Reads each watched region's queue once (one read at a time per process). */
  readAll(): Promise<void> {
    if (this.reading) return this.reading;
    const reading = (async () => {
      for (const [region, watch] of this.regions) await this.read(region, watch);
    })().finally(() => {
      if (this.reading === reading) this.reading = undefined;
    });
    this.reading = reading;
    return reading;
  }

  private async read(region: string, watch: RegionWatch): Promise<void> {
    const now = Date.now();
    const [first] = watch.listeners;
    if (!first || (watch.pausedUntil && watch.pausedUntil > now)) return;
    try {
      const waiting = await this.chats.waiting(first.principal);
      const changes = chatQueueChanges(watch.waiting ?? [], waiting);
      watch.waiting = waiting;
      watch.pausedUntil = undefined;
      for (const change of changes) for (const listener of watch.listeners) listener.send(change);
    } catch (err) {
      watch.pausedUntil = now + PAUSE_MS;
      if (!watch.lastWarnAt || now - watch.lastWarnAt > PAUSE_MS) {
        watch.lastWarnAt = now;
        const refused = err instanceof ServiceCallError && err.status === 403;
        this.logger.warn(
          { err: (err as Error).message, region },
          refused ? 'the chat bot does not serve this region' : 'the chat bot operator queue could not be read',
        );
      }
    }
  }
}

/**
 * `GET /console/events`: Server-Sent Events for hotline operators: `chat-waiting` (chat id, when it began to
 * wait, its language, and the person's name and case where the bot knows them) and `chat-taken`; a comment every
 * `heartbeatMs` keeps the stream open, and the stream ends with the session.
 */
export function chatEventRoutes(
  app: ServiceApp,
  deps: { watch: ChatWatch; sessions: SessionStore; heartbeatMs: number },
): void {
  app.route({
    method: 'get',
    path: '/console/events',
    summary: 'Server-Sent Events for hotline operators: chat-waiting and chat-taken from the chat bot hand-over queue',
    responses: { 200: 'text/event-stream' },
    handle: async ({ req, res }) => {
      const { account, sessionId } = signedIn(req);
      if (account.role !== 'hotline_operator')
        throw AppError.forbidden(
          'role_not_allowed',
          'only hotline operators receive chat events',
          '您的岗位无权办理此事项',
        );
      res.status(200).set({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
      res.write('retry: 5000\n\n');
      const send = (event: ChatQueueEvent) =>
        res.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
      const unsubscribe = deps.watch.subscribe({ principal: req.principal!, send });
      const heartbeat = setInterval(async () => {
        const alive = await deps.sessions.peek(sessionId, Date.now()).catch(() => undefined);
        if (!alive) return end();
        res.write(': heartbeat\n\n');
      }, deps.heartbeatMs);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        if (!res.writableEnded) res.end();
      };
      req.on('close', end);
      return undefined;
    },
  });
}
