import { departmentReferralsTopic, topics } from '@carelink/contracts';
import { kafkaUser, testServers, uniqueName, type KafkaSasl } from '@carelink/test-servers';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { departmentPrincipal, EventBus, grantKey, KafkaAccessControl, kafkaAccessPlan, type AccessPlan } from '../src';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

const chizhouHealth = { region: 'chizhou', code: 'health' };
const changjiHealth = { region: 'changji', code: 'health' };
/** How kafkajs reports a topic the ACLs do not allow (TOPIC_AUTHORIZATION_FAILED, from metadata or produce). */
const denied = /not authorized to access topics|topic authorization failed/i;

/**
 * Kafka is not open (issue 11, finding 7): the broker of infra/local/servers.sh takes only SASL/SCRAM users,
 * and the ACLs generated from the topic registry let a department read its own topic only and a service
 * write only the topics it produces. The grants are applied here under a topic prefix of this run (as the
 * scripts apply them for a deployment's KAFKA_TOPIC_PREFIX), to the users servers.sh created.
 */
describe('Kafka access on the real broker', () => {
  let brokers: string[];
  let admin: KafkaSasl | undefined;
  let plan: AccessPlan;
  let access: KafkaAccessControl | undefined;
  const prefix = `${uniqueName('acl')}.`;
  const buses: EventBus[] = [];
  const consumers: Consumer[] = [];

  const user = (name: string): KafkaSasl => {
    const credentials = kafkaUser(name);
    if (!credentials)
      throw new Error(`the local broker has no Kafka user ${name}: start it with infra/local/servers.sh`);
    return credentials;
  };
  const busAs = (sasl: KafkaSasl) => {
    const bus = new EventBus({ brokers, sasl, clientId: uniqueName(sasl.username), logger, topicPrefix: prefix });
    buses.push(bus);
    return bus;
  };
  /**
   * The refusals the broker answered, as kafkajs logs them: it reports a group the ACLs refuse only as
   * "Failed to find group coordinator", with the broker's GROUP_AUTHORIZATION_FAILED in its debug log.
   */
  const refusals: { type: string; groupId?: string }[] = [];
  const client = (sasl?: KafkaSasl) =>
    new Kafka({
      brokers,
      clientId: uniqueName('acl-test'),
      ...(sasl ? { sasl } : {}),
      logLevel: logLevel.DEBUG,
      logCreator:
        () =>
        ({ log }) => {
          const error = log.error as { type?: string } | undefined;
          if (error?.type?.endsWith('_AUTHORIZATION_FAILED'))
            refusals.push({ type: error.type, groupId: log.groupId as string | undefined });
        },
      connectionTimeout: 3000,
      retry: { retries: 1, initialRetryTime: 100 },
    });
  /** Reads a topic as a department does (a plain consumer of its own group), until `wanted` arrives. */
  const read = async (sasl: KafkaSasl, group: string, topic: string, wanted: string): Promise<string> => {
    const consumer = client(sasl).consumer({ groupId: prefix + group, allowAutoTopicCreation: false });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: prefix + topic, fromBeginning: true });
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${wanted} not read from ${topic}`)), 30_000);
      // A refusal while joining the group comes as a crash of the running consumer.
      consumer.on(consumer.events.CRASH, (e) => {
        clearTimeout(timer);
        reject(e.payload.error);
      });
      consumer
        .run({
          eachMessage: async ({ message }) => {
            const id = (JSON.parse(message.value!.toString()) as { id: string }).id;
            if (id !== wanted) return;
            clearTimeout(timer);
            resolve(id);
          },
        })
        .catch(reject);
    });
  };
  const envelope = (type: string) => ({ id: randomUUID(), type, specversion: '1.0', source: '/test', data: {} });

  beforeAll(async () => {
    const servers = await testServers();
    brokers = servers.kafkaBrokers;
    plan = kafkaAccessPlan({
      departments: [chizhouHealth, changjiHealth],
      bots: ['telegram-bot'],
      topicPrefix: prefix,
    });
    if (!servers.kafkaSasl) return; // an open broker: the first test shows it, the others say how to start one
    admin = servers.kafkaSasl;
    access = new KafkaAccessControl({ brokers, sasl: admin });
    await busAs(admin).ensureTopics(plan.topics);
    await access.grant(plan.grants);
  });
  const requireUsers = () => {
    if (!admin)
      throw new Error(
        `the broker at ${brokers.join(',')} has no Kafka users: any client reads any topic. ` +
          'Start it with infra/local/servers.sh (SASL/SCRAM and ACLs).',
      );
  };

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await Promise.all(buses.map((b) => b.disconnect()));
    await access?.revoke(plan.grants);
  });

  it('refuses a client without credentials, and one with a wrong password', async () => {
    const open = client().admin();
    await expect(open.connect().then(() => open.listTopics())).rejects.toThrow();
    await open.disconnect();
    const wrong = client({
      mechanism: 'scram-sha-256',
      username: departmentPrincipal(chizhouHealth),
      password: 'not-the-password',
    }).admin();
    await expect(wrong.connect()).rejects.toThrow(/SASL SCRAM SHA256 authentication failed|Authentication failed/i);
    await wrong.disconnect();
  });

  it('lets a department read its own topic with its own group, and not another department’s topic', async () => {
    requireUsers();
    const own = departmentReferralsTopic(chizhouHealth.region, chizhouHealth.code);
    const other = departmentReferralsTopic(changjiHealth.region, changjiHealth.code);
    const event = envelope('referral.received.v1');
    // referral writes the department topics (its own user, through the bus).
    await busAs(user('referral')).publishSerialized([
      { topic: own.name, key: randomUUID(), envelope: JSON.stringify(event) },
    ]);
    const chizhou = user(departmentPrincipal(chizhouHealth));

    await expect(read(chizhou, departmentPrincipal(chizhouHealth), own.name, event.id)).resolves.toBe(event.id);
    await expect(read(chizhou, departmentPrincipal(chizhouHealth), other.name, event.id)).rejects.toThrow(denied);
    await expect(read(chizhou, departmentPrincipal(chizhouHealth), topics.referrals.name, event.id)).rejects.toThrow(
      denied,
    );
    // Nor its own topic under another department's group.
    await expect(read(chizhou, departmentPrincipal(changjiHealth), own.name, event.id)).rejects.toThrow();
    expect(refusals).toContainEqual({
      type: 'GROUP_AUTHORIZATION_FAILED',
      groupId: prefix + departmentPrincipal(changjiHealth),
    });
  });

  it('lets a service write the topics it produces and the dead letters, and no other topic', async () => {
    requireUsers();
    const intake = busAs(user('intake'));
    const write = (topic: string) =>
      intake.publishSerialized([{ topic, key: randomUUID(), envelope: JSON.stringify(envelope('x.v1')) }]);
    await expect(write(topics.intakeRequests.name)).resolves.toBeUndefined();
    await expect(write(topics.deadLetters.name)).resolves.toBeUndefined();
    await expect(write(topics.referrals.name)).rejects.toThrow(denied);
    await expect(write(departmentReferralsTopic('chizhou', 'health').name)).rejects.toThrow(denied);
  });

  it('holds the ACLs of the topic registry for the deployment itself (applied by servers.sh)', async () => {
    requireUsers();
    const deployed = kafkaAccessPlan({ departments: [chizhouHealth, changjiHealth], bots: ['telegram-bot'] });
    const held = new Set((await access!.granted()).map(grantKey));
    expect(deployed.grants.map(grantKey).filter((g) => !held.has(g))).toEqual([]);
  });
});
