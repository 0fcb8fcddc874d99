import { EventBus, type Subscription } from '@carelink/bus';
import { allTopics } from '@carelink/contracts';
import { JobBoard, type JobHandler } from '@carelink/jobs';
import { ServiceApp } from '@carelink/http';
import { PolicyPacks } from '@carelink/policy';
import {
  AuditTrail,
  CommitPort,
  connectMongo,
  MongoInbox,
  OutboxRelay,
  ensureOutboxIndex,
  isStoreUnavailableError,
} from '@carelink/store';
import { createLogger, currentTraceparent, ServiceMetrics, type Logger } from '@carelink/telemetry';
import type { Connection } from 'mongoose';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { listen } from '@carelink/http';
import type { baseConfigSchema } from './config';
import { kafkaSasl } from './kafka-sasl';
import { auditTrailRoute } from './audit-trail-route';

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** What the host adds to every use case's context (`ctx.policies` in a decide function). */
export interface UseCaseExtras {
  policies: PolicyPacks;
}

/** What a service's entry points and repositories are given. */
export interface ServiceContext<C extends BaseConfig = BaseConfig> {
  name: string;
  config: C;
  logger: Logger;
  metrics: ServiceMetrics;
  connection: Connection;
  bus: EventBus;
  policies: PolicyPacks;
  /**
   * The one way use cases change state: load, decide, write state and events in one update, kick the
   * relay. Every use case's context carries the policy packs.
   */
  commits: CommitPort<UseCaseExtras>;
  /** The service's delayed work (BullMQ); present when the definition has `jobs`. */
  jobs: JobBoard;
}

export interface ServiceDefinition<C extends BaseConfig = BaseConfig> {
  name: string;
  /** Collections whose documents carry an outbox. */
  outboxCollections: string[];
  /** Creates indexes and anything else the data needs before traffic. */
  prepare?: (ctx: ServiceContext<C>) => Promise<void>;
  routes?: (app: ServiceApp, ctx: ServiceContext<C>) => void;
  /** Handlers of delayed and repeating work, by job name (BullMQ entry points). */
  jobs?: (ctx: ServiceContext<C>) => Record<string, JobHandler>;
  /** Kafka subscriptions, consumed as one group named after the service. */
  subscriptions?: (ctx: ServiceContext<C>) => Subscription[];
  /** Extra start/stop work (job workers…). */
  onStart?: (ctx: ServiceContext<C>) => Promise<void>;
  onStop?: (ctx: ServiceContext<C>) => Promise<void>;
}

export interface RunningService<C extends BaseConfig = BaseConfig> {
  ctx: ServiceContext<C>;
  app: ServiceApp;
  server: Server;
  port: number;
  relay: OutboxRelay;
  stop: () => Promise<void>;
}

/**
 * Starts a service: database, topics, outbox relay, consumer group, HTTP. `stop()` stops taking
 * requests, lets in-flight messages finish and commit, publishes what the outbox still holds, and closes.
 */
export async function startService<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  config: C,
): Promise<RunningService<C>> {
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const metrics = new ServiceMetrics(definition.name);
  const policies = PolicyPacks.load(config.POLICY_DIR);
  const connection = await connectMongo(config.MONGO_URL, logger);
  const bus = new EventBus({
    brokers: config.KAFKA_BROKERS,
    sasl: kafkaSasl(config),
    clientId: definition.name,
    logger,
    metrics,
    retry: { attempts: config.CONSUMER_RETRY_ATTEMPTS },
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  });
  // The topics the service writes (its own and the dead letters) now, those it reads before it subscribes: a
  // service's Kafka user sees and may create only what the ACLs grant it (infra/local/kafka-acls.ts).
  await bus.ensureTopics(allTopics.filter((t) => t.producer === definition.name || t.producer === 'any'));
  const relay = new OutboxRelay({
    connection,
    collections: definition.outboxCollections,
    logger,
    intervalMs: config.OUTBOX_INTERVAL_MS,
    publish: (entries) => bus.publishSerialized(entries),
    onPublished: (collection, entry) =>
      metrics.outboxLag.observe({ collection }, (Date.now() - new Date(entry.createdAt).getTime()) / 1000),
  });
  const jobs = new JobBoard({ redisUrl: config.REDIS_URL, queue: definition.name, prefix: config.JOBS_PREFIX, logger });
  const ctx: ServiceContext<C> = {
    name: definition.name,
    config,
    logger,
    metrics,
    connection,
    bus,
    policies,
    commits: new CommitPort<UseCaseExtras>({
      connection,
      source: `/carelink/${definition.name}`,
      relay,
      traceparent: currentTraceparent,
      context: { policies },
    }),
    jobs,
  };
  for (const c of definition.outboxCollections) await ensureOutboxIndex(connection, c);
  const auditTrail = new AuditTrail(connection);
  await auditTrail.prepare();
  await definition.prepare?.(ctx);

  relay.start();
  const jobHandlers = definition.jobs?.(ctx);
  if (jobHandlers) jobs.start(jobHandlers);
  const subscriptions = definition.subscriptions?.(ctx) ?? [];
  if (subscriptions.length > 0) {
    await bus.ensureTopics([...new Set(subscriptions.map((sub) => sub.topic))]);
    await bus.consume(definition.name, subscriptions, new MongoInbox(connection));
  }
  await definition.onStart?.(ctx);

  const app = new ServiceApp({
    service: definition.name,
    logger,
    metrics,
    staffKeys: config.STAFF_TOKEN_PUBLIC_KEYS,
    adapterKeys: config.ADAPTER_TOKEN_PUBLIC_KEYS,
    maxTokenLifetimeSeconds: config.STAFF_TOKEN_MAX_HOURS * 3600,
    admission: {
      maxInFlight: config.HTTP_MAX_IN_FLIGHT,
      maxQueued: config.HTTP_MAX_QUEUED,
      maxWaitMs: config.HTTP_QUEUE_TIMEOUT_MS,
    },
    isTransient: isStoreUnavailableError,
    audit: auditTrail,
    readiness: {
      database: async () => (await connection.db!.admin().ping()).ok === 1,
      kafka: () => bus.ping(),
      ...(jobHandlers ? { redis: () => jobs.ping() } : {}),
    },
  });
  definition.routes?.(app, ctx);
  auditTrailRoute(app, auditTrail);
  const server = await listen(app.seal(), config.PORT, config.HOST);
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  // Longer than the usual client keep-alive, so a client never writes onto a socket the server just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, `${definition.name} listening`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('stopping');
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await definition.onStop?.(ctx);
      await jobs.close().catch((err) => logger.error({ err }, 'closing the job board failed'));
      await bus.stopConsuming().catch((err) => logger.error({ err }, 'stopping consumers failed'));
      await relay.stop();
      await relay
        .drain()
        .catch((err) => logger.warn({ err }, 'final outbox pass failed; entries stay for the next start'));
      await bus.disconnect().catch((err) => logger.error({ err }, 'disconnecting from kafka failed'));
      await connection.close();
      logger.info('stopped');
    })());
  return { ctx, app, server, port, relay, stop };
}

/** For an entry point: start, and stop cleanly on SIGTERM/SIGINT. A failure to start exits non-zero. */
export function runMain<C extends BaseConfig>(definition: ServiceDefinition<C>, loadConfig: () => C): void {
  let config: C;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${definition.name}: ${(err as Error).message}\n`);
    process.exit(78);
  }
  startService(definition, config).then(
    (running) => {
      const shutdown = (signal: string) => {
        running.ctx.logger.info({ signal }, 'signal received');
        running.stop().then(
          () => process.exit(0),
          (err) => {
            running.ctx.logger.error({ err }, 'unclean stop');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    },
    (err) => {
      process.stderr.write(`${definition.name}: failed to start: ${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
