import { issueAdapterToken } from '@carelink/auth';
import { listen, ServiceApp } from '@carelink/http';
import { JobBoard } from '@carelink/jobs';
import { PolicyPacks } from '@carelink/policy';
import { AuditTrail, connectMongo, FieldCipher } from '@carelink/store';
import { createLogger, ServiceMetrics } from '@carelink/telemetry';
import IORedis from 'ioredis';
import { Histogram } from 'prom-client';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IvrConfig } from './config';
import { CallRecords } from './data-access/call-records';
import { CallStore } from './data-access/call-store';
import { PlatformClient } from './data-access/platform-client';
import type { CallPorts } from './domain/call-flow';
import { loadPrompts } from './data-access/prompt-files';
import { callRecordRoutes } from './entry-points/http/call-routes';
import { voiceRoutes, type VoiceDeps } from './entry-points/http/voice-routes';
import { recordingJobHandlers, scheduleRecording } from './entry-points/jobs/recording-jobs';

export interface RunningIvr {
  port: number;
  server: Server;
  records: CallRecords;
  /** The adapter's own client of intake and complaints (what tests wrap as `ports`). */
  platform: PlatformClient;
  stop: () => Promise<void>;
}

/**
 * The adapter's own service tokens: role channel_adapter for channel ivr, one per region, renewed before they
 * expire, signed with the IVR's own key (ADAPTER_TOKEN_SIGNING_KEY), which can mint nothing but an IVR adapter.
 */
export function adapterTokens(signingKey: string, policies: PolicyPacks) {
  const cache = new Map<string, { token: string; until: number }>();
  return async (region: string) => {
    const hit = cache.get(region);
    if (hit && hit.until > Date.now()) return hit.token;
    const pack = policies.get(region);
    const jurisdiction = pack ? pack.jurisdictions[0]!.code.slice(0, 4) : '00';
    const token = await issueAdapterToken(
      { sub: 'ivr-adapter', region, jurisdiction, channel: 'ivr' },
      signingKey,
      '1h',
    );
    cache.set(region, { token, until: Date.now() + 50 * 60_000 });
    return token;
  };
}

/**
 * Every HTTP route of the adapter (the provider's voice webhooks, staff's call records), declared on `app`;
 * `npm run openapi` builds the OpenAPI document from it with stand-ins for `deps`.
 */
export function ivrHttpRoutes(app: ServiceApp, deps: VoiceDeps): void {
  voiceRoutes(app, deps);
  callRecordRoutes(app, deps);
}

/**
 * Starts the IVR adapter: prompts (validated against the packs), Redis for live calls, MongoDB for call
 * records, HTTP with /healthz, /readyz, /metrics. `ports` replaces the HTTP clients of intake and
 * complaints (benchmarks); tests use the real services.
 */
export async function startIvr(config: IvrConfig, overrides: { ports?: CallPorts } = {}): Promise<RunningIvr> {
  const logger = createLogger('ivr', config.LOG_LEVEL);
  const metrics = new ServiceMetrics('ivr');
  const policies = PolicyPacks.load(config.POLICY_DIR);
  const prompts = loadPrompts(policies, config.PROMPTS_DIR);
  const redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  const connection = await connectMongo(config.MONGO_URL, logger);
  // Seals live call state in Redis and the calling numbers kept in the call records.
  const cipher = new FieldCipher(config.IVR_DATA_KEY, config.IVR_DATA_KEY);
  const records = new CallRecords(connection, cipher);
  await records.prepare();
  const audit = new AuditTrail(connection);
  await audit.prepare();
  // Recordings that cannot be fetched during the call are fetched again on this queue, with back-off.
  const jobs = new JobBoard({
    redisUrl: config.REDIS_URL,
    queue: 'ivr-recordings',
    logger,
    prefix: config.REDIS_PREFIX,
  });
  const platform = new PlatformClient({
    intakeUrl: config.INTAKE_URL,
    complaintsUrl: config.COMPLAINTS_URL,
    schedulingUrl: config.PROVIDER_SCHEDULING_URL,
    token: adapterTokens(config.ADAPTER_TOKEN_SIGNING_KEY, policies),
    recordingHosts: config.VOICE_RECORDING_HOSTS,
    later: scheduleRecording(jobs),
    logger,
  });
  jobs.start(recordingJobHandlers({ deliver: (job) => platform.deliverRecording(job), records, logger }));
  const ports = overrides.ports ?? platform;
  const app = new ServiceApp({
    service: 'ivr',
    logger,
    metrics,
    staffKeys: config.STAFF_TOKEN_PUBLIC_KEYS,
    maxTokenLifetimeSeconds: config.STAFF_TOKEN_MAX_HOURS * 3600,
    readiness: {
      redis: async () => (await redis.ping()) === 'PONG' && (await jobs.ping()),
      database: async () => (await connection.db!.admin().ping()).ok === 1,
    },
    audit,
  });
  const stepSeconds = new Histogram({
    name: 'carelink_ivr_step_duration_seconds',
    help: 'Server time of an IVR step, by the menu node it answered',
    labelNames: ['node'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  ivrHttpRoutes(app, {
    observeStep: (node, seconds) => stepSeconds.observe({ node }, seconds),
    publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
    authToken: config.VOICE_AUTH_TOKEN,
    prompts,
    ports,
    calls: new CallStore(redis, cipher, config.REDIS_PREFIX),
    records,
    audit,
    logger,
  });
  const server = await listen(app.seal(), config.PORT, config.HOST);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, regions: [...prompts.keys()] }, 'ivr listening');
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await jobs.close();
      redis.disconnect();
      await connection.close();
    })());
  return { port, server, records, platform, stop };
}
