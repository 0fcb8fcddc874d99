import { createConnection } from 'node:net';

export { watchQueries, type QueryWatch } from './pushdown';

/**
 * The real servers integration tests run against, in this order:
 * 1. KAFKA_BROKERS / MONGO_URL / REDIS_URL when set;
 * 2. the servers of `infra/local/servers.sh` on their default ports, when they answer;
 * 3. containers (testcontainers) when a Docker engine is reachable;
 * otherwise a clear error saying how to start them. Never a mock.
 */
export interface TestServers {
  kafkaBrokers: string[];
  mongoUrl: string;
  redisUrl: string;
}

const LOCAL = { kafka: '127.0.0.1:9092', mongo: 'mongodb://127.0.0.1:27017', redis: 'redis://127.0.0.1:6379' };

function reachable(hostPort: string, timeoutMs = 1000): Promise<boolean> {
  const [host, port] = hostPort.replace(/^\w+:\/\//, '').split(/[:/]/);
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port), timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

let cached: Promise<TestServers> | undefined;

export function testServers(): Promise<TestServers> {
  cached ??= resolveServers();
  return cached;
}

async function resolveServers(): Promise<TestServers> {
  const fromEnv = {
    kafkaBrokers: process.env.KAFKA_BROKERS?.split(','),
    mongoUrl: process.env.MONGO_URL,
    redisUrl: process.env.REDIS_URL,
  };
  if (fromEnv.kafkaBrokers && fromEnv.mongoUrl && fromEnv.redisUrl) return fromEnv as TestServers;

  const local = await Promise.all([reachable(LOCAL.kafka), reachable(LOCAL.mongo), reachable(LOCAL.redis)]);
  if (local.every(Boolean)) {
    return {
      kafkaBrokers: fromEnv.kafkaBrokers ?? [LOCAL.kafka],
      mongoUrl: fromEnv.mongoUrl ?? LOCAL.mongo,
      redisUrl: fromEnv.redisUrl ?? LOCAL.redis,
    };
  }
  if (await dockerAvailable()) return startContainers();
  throw new Error(
    'Integration tests need the real servers. Start them with `bash infra/local/servers.sh start` ' +
      '(Kafka on 127.0.0.1:9092, FerretDB on :27017, Redis on :6379), or set KAFKA_BROKERS, MONGO_URL and REDIS_URL, ' +
      'or run where a Docker engine is reachable.',
  );
}

async function dockerAvailable(): Promise<boolean> {
  if (!process.env.DOCKER_HOST && !(await reachableSocket('/var/run/docker.sock'))) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 10_000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

function reachableSocket(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ path });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function startContainers(): Promise<TestServers> {
  const [{ KafkaContainer }, { MongoDBContainer }, { RedisContainer }] = await Promise.all([
    import('@testcontainers/kafka'),
    import('@testcontainers/mongodb'),
    import('@testcontainers/redis'),
  ]);
  const [kafka, mongo, redis] = await Promise.all([
    new KafkaContainer('apache/kafka:3.9.1').withKraft().start(),
    new MongoDBContainer('mongo:7').start(),
    new RedisContainer('redis:7').start(),
  ]);
  return {
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    mongoUrl: mongo.getConnectionString().replace(/\?.*$/, '') + '?directConnection=true',
    redisUrl: redis.getConnectionUrl(),
  };
}

/** A database URL on the test server, for one test suite's own database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Unique, readable names so tests never read each other's topics, groups or databases. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
