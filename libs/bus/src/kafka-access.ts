import {
  allTopics,
  departmentReferralsTopic,
  departmentReferralsTopicV2,
  type TopicDefinition,
} from '@carelink/contracts';

export type KafkaSaslMechanism = 'scram-sha-256' | 'scram-sha-512' | 'plain';

/** SASL credentials of one Kafka principal (a user of the broker). */
export type KafkaCredentials = {
  [M in KafkaSaslMechanism]: { mechanism: M; username: string; password: string };
}[KafkaSaslMechanism];

/** A receiving department of a region (a key of `departments` in the region's policy pack). */
export interface Department {
  region: string;
  code: string;
}

/**
 * One permission of one principal: ALLOW `operation` on the topics or consumer groups named `name` (or, with
 * pattern `prefixed`, every name starting with it). DESCRIBE comes with READ and WRITE.
 */
export interface AccessGrant {
  principal: string;
  resource: 'topic' | 'group';
  pattern: 'literal' | 'prefixed';
  name: string;
  operation: 'read' | 'write' | 'create';
}

export interface AccessPlan {
  /** The services' and bots' principals (each one's user name is its service name). */
  services: string[];
  /** The departments' principals, `dept-<region>-<code>`. */
  departments: string[];
  /** Every topic the grants name: the registry's and one per department and version. */
  topics: TopicDefinition[];
  grants: AccessGrant[];
}

/** A department's Kafka user name, and the name of its consumer group (before any topic prefix). */
export function departmentPrincipal(department: Department): string {
  return `dept-${department.region}-${department.code}`;
}

/**
 * Who may do what on Kafka, derived from the topic registry (`libs/contracts/src/topics.ts`) and the
 * departments of the policy packs; nothing is granted by hand. Each service may:
 * - write and create the topics it produces, and read them back (referral's webhooks read its referrals);
 * - write and create the dead-letter topic (`producer: 'any'`: every consumer dead-letters);
 * - read the topics whose `consumers` name it;
 * - use the consumer groups named after it: `<service>` and `<service>-…` (referral's `referral-webhooks`).
 * The bots' processes (`bots`) are granted as consumers and dead-letter writers the same way. A department
 * may read its own topics (`departmentReferralsTopic(region, code)` and its `.v2`, `departmentReferralsTopicV2`)
 * with its own group (`dept-<region>-<code>`) and nothing else: `departments` in any other topic's consumers grants nothing. `topicPrefix` is the
 * deployment's `KAFKA_TOPIC_PREFIX` (it prefixes the groups too).
 */
export function kafkaAccessPlan(options: {
  departments: readonly Department[];
  bots: readonly string[];
  topicPrefix?: string;
  registry?: readonly TopicDefinition[];
}): AccessPlan {
  const prefix = options.topicPrefix ?? '';
  const registry = options.registry ?? allTopics;
  const services = [
    ...new Set(
      registry.flatMap((t) => [t.producer, ...t.consumers]).filter((n) => !['any', 'bots', 'departments'].includes(n)),
    ),
  ].sort();
  const writers = [...services, ...options.bots];
  // Each department's topic of each version (.v2 adds the contact the resident consented to share).
  const ownTopics = options.departments.flatMap((d) =>
    [departmentReferralsTopic(d.region, d.code), departmentReferralsTopicV2(d.region, d.code)].map((topic) => ({
      department: d,
      topic: topic as TopicDefinition,
    })),
  );
  const grants: AccessGrant[] = [];
  const grant = (
    principal: string,
    resource: AccessGrant['resource'],
    name: string,
    ...ops: AccessGrant['operation'][]
  ) =>
    grants.push(
      ...ops.map((operation) => ({ principal, resource, pattern: 'literal' as const, name: prefix + name, operation })),
    );

  for (const topic of [...registry, ...ownTopics.map((o) => o.topic)]) {
    if (topic.producer === 'any') for (const w of writers) grant(w, 'topic', topic.name, 'write', 'create');
    else grant(topic.producer, 'topic', topic.name, 'write', 'create', 'read');
    for (const consumer of topic.consumers) {
      if (consumer === 'bots') for (const bot of options.bots) grant(bot, 'topic', topic.name, 'read');
      else if (consumer !== 'departments') grant(consumer, 'topic', topic.name, 'read');
    }
  }
  for (const { department, topic } of ownTopics) {
    grant(departmentPrincipal(department), 'topic', topic.name, 'read');
    grant(departmentPrincipal(department), 'group', departmentPrincipal(department), 'read');
  }
  for (const w of writers) {
    grant(w, 'group', w, 'read');
    grants.push({ principal: w, resource: 'group', pattern: 'prefixed', name: `${prefix}${w}-`, operation: 'read' });
  }
  const unique = new Map(grants.map((g) => [grantKey(g), g]));
  return {
    services: writers,
    departments: options.departments.map(departmentPrincipal),
    topics: [...registry, ...ownTopics.map((o) => o.topic)],
    grants: [...unique.values()],
  };
}

/** A grant's identity, for comparing what a broker holds with a plan. */
export function grantKey(g: AccessGrant): string {
  return `${g.principal} ${g.operation} ${g.resource}:${g.pattern}:${g.name}`;
}
