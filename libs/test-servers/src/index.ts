import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

export { watchQueries, type QueryWatch } from './pushdown';
export { OpenApiConformance, type Exchange } from './openapi-conformance';

/**
 * The real servers integration tests run against, in this order:
 * 1. KAFKA_BROKERS / MONGO_URL / REDIS_URL when set;
 * 2. the servers of `infra/local/servers.sh` on their default ports, when they answer;
 * 3. containers (testcontainers) when a Docker engine is reachable;
 * otherwise a clear error saying how to start them. Never a mock.
 */
export interface TestServers {
  kafkaBrokers: string[];
  /**
   * The Kafka super user, where the broker requires SASL (the broker of `infra/local/servers.sh`: SCRAM users
   * and ACLs): KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD when set, else the super user of the local broker's
   * credentials file. Undefined for an open broker (containers).
   */
  kafkaSasl?: KafkaSasl;
  mongoUrl: string;
  redisUrl: string;
}

export interface KafkaSasl {
  mechanism: 'scram-sha-256';
  username: string;
  password: string;
}

interface LocalKafkaUsers {
  superUser: string;
  users: Record<string, string>;
}

/** The users of the local broker as servers.sh writes them (format: libs/bus `LocalKafkaUsers`). */
function localKafkaUsers(): LocalKafkaUsers | undefined {
  const file =
    process.env.KAFKA_CREDENTIALS_FILE ||
    join(process.env.CARELINK_DATA || resolve(__dirname, '../../../.data'), 'kafka', 'credentials.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalKafkaUsers) : undefined;
}

function superUser(): KafkaSasl | undefined {
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = process.env;
  if (username && password) return { mechanism: 'scram-sha-256', username, password };
  const local = localKafkaUsers();
  return local ? kafkaUser(local.superUser) : undefined;
}

/**
 * The credentials of one user of the local broker (a service, a department): for tests of what its ACLs
 * allow. Undefined where the broker has no such user.
 */
export function kafkaUser(username: string): KafkaSasl | undefined {
  const password = localKafkaUsers()?.users[username];
  return password ? { mechanism: 'scram-sha-256', username, password } : undefined;
}

/** The Kafka settings of a service started by a test: the brokers, and the super user where SASL is on. */
export function kafkaEnv(servers: TestServers): Record<string, string> {
  return {
    KAFKA_BROKERS: servers.kafkaBrokers.join(','),
    ...(servers.kafkaSasl
      ? { KAFKA_SASL_USERNAME: servers.kafkaSasl.username, KAFKA_SASL_PASSWORD: servers.kafkaSasl.password }
      : {}),
  };
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
  if (fromEnv.kafkaBrokers && fromEnv.mongoUrl && fromEnv.redisUrl)
    return { ...(fromEnv as TestServers), kafkaSasl: superUser() };

  const local = await Promise.all([reachable(LOCAL.kafka), reachable(LOCAL.mongo), reachable(LOCAL.redis)]);
  if (local.every(Boolean)) {
    return {
      kafkaBrokers: fromEnv.kafkaBrokers ?? [LOCAL.kafka],
      kafkaSasl: superUser(),
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
export { visitsBase } from './visit-times';
