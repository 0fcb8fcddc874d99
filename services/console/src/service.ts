import { issueStaffToken } from '@carelink/auth';
import { listen, ServiceApp } from '@carelink/http';
import { PolicyPacks } from '@carelink/policy';
import { connectMongo, FieldCipher, isStoreUnavailableError } from '@carelink/store';
import { createLogger, ServiceMetrics, type Logger } from '@carelink/telemetry';
import cookieParser from 'cookie-parser';
import IORedis, { type Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceUrls, type ConsoleConfig } from './config';
import { AccountRepository } from './data-access/account-repository';
import { ConsoleAuditLog } from './data-access/console-audit-log';
import { ContractedProviders, OperatorChats, type StaffTokens } from './data-access/service-calls';
import { SessionStore } from './data-access/session-store';
import { accountRoutes } from './entry-points/http/account-routes';
import { chatEventRoutes, ChatWatch } from './entry-points/http/chat-events';
import type { ConsoleDeps } from './entry-points/http/console-deps';
import { directoryRoutes } from './entry-points/http/directory-routes';
import { pageBoot } from './entry-points/http/page-boot';
import { proxyRoutes } from './entry-points/http/proxy';
import { sessionGate } from './entry-points/http/session-gate';
import { sessionRoutes } from './entry-points/http/session-routes';
import { webAppRoutes } from './entry-points/http/web-app';

export interface ConsoleStores {
  connection: Connection;
  redis: Redis;
  policies: PolicyPacks;
}

/** The console's HTTP app: probes, sign-in and sessions, accounts, audit, directory, events, the API proxy, the web app. */
export function createConsoleApp(
  config: ConsoleConfig,
  stores: ConsoleStores,
  observability: { logger: Logger; metrics: ServiceMetrics },
): { app: ServiceApp; watch: ChatWatch; deps: ConsoleDeps } {
  const { connection, redis, policies } = stores;
  const { logger, metrics } = observability;
  const tokens: StaffTokens = (principal) => issueStaffToken(principal, config.staffSigningKey, config.STAFF_TOKEN_TTL);
  const urls = serviceUrls(config);
  const sessions = new SessionStore(redis, config.REDIS_PREFIX, {
    idleMs: config.SESSION_IDLE_SECONDS * 1000,
    maxMs: config.SESSION_MAX_SECONDS * 1000,
  });
  const accounts = new AccountRepository(connection);
  const deps: ConsoleDeps = {
    config,
    logger,
    accounts,
    sessions,
    audit: new ConsoleAuditLog(connection),
    policies,
    providers: new ContractedProviders(config.REFERRAL_URL, tokens),
    tokens,
    // The blind index of FieldCipher is not used here: one key serves both.
    cipher: new FieldCipher(config.CONSOLE_DATA_KEY, config.CONSOLE_DATA_KEY),
    serviceUrls: urls,
    now: () => new Date(),
  };
  const watch = new ChatWatch(new OperatorChats(config.TELEGRAM_URL, tokens), config.CHAT_POLL_MS, logger);

  const app = new ServiceApp({
    service: 'console',
    logger,
    metrics,
    // The console authenticates people by session cookie (sessionGate), not bearer tokens: no route declares
    // `roles`, so these keys verify nothing here.
    staffKeys: config.STAFF_TOKEN_PUBLIC_KEYS,
    isTransient: isStoreUnavailableError,
    bodyLimit: '2mb',
    readiness: {
      database: async () => (await connection.db!.admin().ping()).ok === 1,
      redis: async () => (await redis.ping()) === 'PONG',
    },
  });
  app.express.use(cookieParser());
  app.express.use(sessionGate({ sessions, accounts, secureCookies: config.secureCookies }));
  sessionRoutes(app, deps);
  accountRoutes(app, deps);
  directoryRoutes(app, deps);
  chatEventRoutes(app, { watch, sessions, heartbeatMs: config.EVENTS_HEARTBEAT_MS });
  proxyRoutes(app, { serviceUrls: urls, tokens, timeoutMs: config.UPSTREAM_TIMEOUT_MS, logger });
  webAppRoutes(app, config.WEB_DIST, pageBoot(deps));
  app.seal();
  return { app, watch, deps };
}

export interface RunningConsole {
  app: ServiceApp;
  server: Server;
  port: number;
  deps: ConsoleDeps;
  watch: ChatWatch;
  stop: () => Promise<void>;
}

/** Starts the console: its database (accounts, audit), Redis (sessions), the policy packs, HTTP. */
export async function startConsole(config: ConsoleConfig): Promise<RunningConsole> {
  const logger = createLogger('console', config.LOG_LEVEL);
  const metrics = new ServiceMetrics('console');
  const policies = PolicyPacks.load(config.POLICY_DIR);
  const connection = await connectMongo(config.MONGO_URL, logger);
  const redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000 });
  const { app, watch, deps } = createConsoleApp(config, { connection, redis, policies }, { logger, metrics });
  await deps.accounts.prepare();
  await deps.audit.prepare();

  const server = await listen(app.express, config.PORT, config.HOST);
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'console listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('stopping');
      watch.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Event streams never end by themselves.
      server.closeAllConnections();
      await closed;
      await redis.quit().catch(() => undefined);
      await connection.close();
      logger.info('stopped');
    })());
  return { app, server, port, deps, watch, stop };
}
