import { stringify } from 'yaml';
import { z } from 'zod';
import type { EventDefinition } from './envelope';
import { allTopics, departmentReferralsTopic, departmentReferralsTopicV2 } from './topics';

/** The AsyncAPI 3.0 document of every carelink topic, generated from the registry (never edited by hand). */
export function asyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const topic of allTopics) {
    const channelId = topic.name.replace(/\./g, '_');
    const messageRefs: Record<string, unknown> = {};
    for (const event of topic.events) {
      const messageId = event.type.replace(/\./g, '_');
      messages[messageId] = messageOf(event, topic.key);
      messageRefs[messageId] = { $ref: `#/components/messages/${messageId}` };
    }
    channels[channelId] = {
      address: topic.name,
      description: topic.description,
      messages: messageRefs,
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          replicas: 1,
          topicConfiguration: { 'retention.ms': topic.retentionMs },
          bindingVersion: '0.5.0',
        },
      },
      'x-key': topic.key,
      'x-producer': topic.producer,
      'x-consumers': topic.consumers,
    };
    operations[`publish_${channelId}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `${topic.producer} publishes`,
    };
    if (topic.consumers.length > 0) {
      operations[`consume_${channelId}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${channelId}` },
        summary: `consumed by ${topic.consumers.join(', ')} (each its own consumer group)`,
      };
    }
  }
  // Per-department referral topics (.v1, and .v2 with the consented contact): one channel each, with the
  // region and department code as parameters.
  const departmentChannels = [
    {
      id: 'carelink_referral_department',
      topic: departmentReferralsTopic('region', 'department_code'),
      version: 'v1',
      description:
        'Referrals of one receiving department (民政, 卫健, 教育 …) of one region only. Each department reads its own topic with its own consumer group (e.g. `dept-<region>-<departmentCode>`); a Kafka ACL grants READ on that topic name alone, so a department sees only its referrals (department codes repeat across regions, hence the region in the name). Same events and key (case id) as carelink.referral.referrals.v1.',
    },
    {
      id: 'carelink_referral_department_v2',
      topic: departmentReferralsTopicV2('region', 'department_code'),
      version: 'v2',
      description:
        'Version 2 of a department’s topic: the same events with the same ids as its .v1 topic, but referral.created.v2 in place of .v1, carrying the contact (name, phone, address) the resident consented to share, and nothing of it without consent. Same ACL rule: the department’s own user and group read it, nobody else. .v1 goes on unchanged.',
    },
  ];
  for (const { id, topic: department, version, description } of departmentChannels) {
    const messageRefs: Record<string, unknown> = {};
    for (const event of department.events) {
      const messageId = event.type.replace(/\./g, '_');
      messages[messageId] ??= messageOf(event, department.key);
      messageRefs[messageId] = { $ref: `#/components/messages/${messageId}` };
    }
    channels[id] = {
      address: `carelink.referral.department.{region}.{departmentCode}.${version}`,
      description,
      parameters: {
        region: { description: 'the region id of the policy pack (e.g. chizhou, changji)' },
        departmentCode: { description: 'the department code of the region policy pack (e.g. health, civil_affairs)' },
      },
      messages: messageRefs,
      bindings: {
        kafka: {
          partitions: department.partitions,
          replicas: 1,
          topicConfiguration: { 'retention.ms': department.retentionMs },
          bindingVersion: '0.5.0',
        },
      },
      'x-key': department.key,
      'x-producer': department.producer,
      'x-consumers': ['departments (consumer group per department)'],
    };
    operations[`publish_${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `referral publishes each referral event also to the receiving department’s ${version} topic`,
    };
    operations[`consume_${id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `a department consumes its own ${version} topic (consumer group per department)`,
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'carelink events',
      version: '1.0.0',
      description:
        'Kafka topics of carelink. Every message is a CloudEvents 1.0 envelope (structured mode, JSON); the key is the case id so the events of one case stay in order. Generated from libs/contracts; do not edit.',
    },
    defaultContentType: 'application/cloudevents+json',
    servers: { local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'infra/local/servers.sh' } },
    channels,
    operations,
    components: { messages },
  };
}

/** The AsyncAPI message of one event type: its CloudEvents envelope with the data's JSON schema. */
function messageOf(event: EventDefinition, key: string): Record<string, unknown> {
  return {
    name: event.type,
    title: event.type,
    summary: event.description,
    contentType: 'application/cloudevents+json',
    headers: {
      type: 'object',
      properties: {
        'content-type': { type: 'string', const: 'application/cloudevents+json; charset=UTF-8' },
        traceparent: { type: 'string', description: 'W3C trace context of the cause' },
      },
    },
    payload: {
      type: 'object',
      description: 'CloudEvents 1.0 structured-mode envelope',
      required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'partitionkey', 'data'],
      properties: {
        specversion: { const: '1.0' },
        id: { type: 'string' },
        source: { type: 'string' },
        type: { const: event.type },
        subject: { type: 'string' },
        time: { type: 'string', format: 'date-time' },
        datacontenttype: { const: 'application/json' },
        partitionkey: { type: 'string', description: `Kafka key: ${key}` },
        traceparent: { type: 'string' },
        data: z.toJSONSchema(event.schema, { io: 'output', unrepresentable: 'any' }),
      },
    },
  };
}

export function asyncApiYaml(): string {
  return stringify(asyncApiDocument(), { lineWidth: 0 });
}
