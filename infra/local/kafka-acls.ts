/**
 * Applies the access plan to the local broker as its super user (infra/local/servers.sh runs it once the
 * broker is up; running it again changes nothing): creates every topic of the registry and every
 * department's topic, then the ACLs of `kafkaAccessPlan` (libs/bus). ACLs the broker holds beyond the plan
 * (a department no longer in a pack, or left by an interrupted test) are listed, and removed with --prune.
 *
 *   node --conditions=source --import tsx infra/local/kafka-acls.ts [--prune]
 *
 * Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_CREDENTIALS_FILE or CARELINK_DATA (where
 * servers.sh wrote the users), KAFKA_TOPIC_PREFIX (a deployment's prefix), POLICY_DIR.
 */
import {
  EventBus,
  grantKey,
  KafkaAccessControl,
  localKafkaCredentials,
  readLocalKafkaUsers,
  localKafkaUsersFile,
} from '@carelink/bus';
import { createLogger } from '@carelink/telemetry';
import { localAccessPlan } from './kafka-plan';

async function main(): Promise<void> {
  const logger = createLogger('kafka-acls', process.env.LOG_LEVEL ?? 'error');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const file = localKafkaUsersFile();
  const superUser = readLocalKafkaUsers(file)?.superUser;
  const sasl = superUser ? localKafkaCredentials(superUser) : undefined;
  if (!sasl) throw new Error(`no Kafka super user in ${file}; infra/local/servers.sh start writes it`);
  const plan = localAccessPlan();

  const bus = new EventBus({ brokers, sasl, clientId: 'carelink-acls', logger });
  try {
    await bus.ensureTopics(plan.topics);
    // An idempotent producer's id comes from the transaction coordinator, which loads for a while after the
    // broker starts (and on a new broker first creates its log): servers.sh says "ready" once a producer can
    // connect, not when the services' first publishes would wait for it.
    await bus.connectProducer();
  } finally {
    await bus.disconnect();
  }
  const access = new KafkaAccessControl({ brokers, sasl });
  await access.grant(plan.grants);
  const planned = new Set(plan.grants.map(grantKey));
  const beyond = (await access.granted()).filter((g) => !planned.has(grantKey(g)));
  if (process.argv.includes('--prune')) await access.revoke(beyond);
  const say = (line: string) => process.stderr.write(`[kafka-acls] ${line}\n`);
  say(
    `${plan.topics.length} topics, ${plan.grants.length} ACLs for ${plan.services.length} services and bots and ` +
      `${plan.departments.length} departments`,
  );
  if (beyond.length > 0)
    say(
      `${beyond.length} ACLs beyond the plan ${process.argv.includes('--prune') ? 'removed' : '(remove with --prune)'}: ` +
        beyond.slice(0, 5).map(grantKey).join('; ') +
        (beyond.length > 5 ? ' …' : ''),
    );
}

main().catch((err: unknown) => {
  process.stderr.write(`[kafka-acls] ERROR: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
