import { stringify } from 'yaml';
import { z } from 'zod';
import { allTopics, departmentReferralsTopic } from './topics';

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
      messages[messageId] = {
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
            partitionkey: { type: 'string', description: `Kafka key: ${topic.key}` },
            traceparent: { type: 'string' },
            data: z.toJSONSchema(event.schema, { io: 'output', unrepresentable: 'any' }),
          },
        },
      };
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
  // Per-department referral topics: one channel with the department code as a parameter.
  const department = departmentReferralsTopic('region', 'department_code');
  const referralsChannel = allTopics.find((t) => t.name === 'carelink.referral.referrals.v1')!.name.replace(/\./g, '_');
  channels['carelink_referral_department'] = {
    address: 'carelink.referral.department.{region}.{departmentCode}.v1',
    description:
      'Referrals of one receiving department (民政, 卫健, 教育 …) of one region only. Each department reads its own topic with its own consumer group (e.g. `dept-<region>-<departmentCode>`); a Kafka ACL grants READ on that topic name alone, so a department sees only its referrals (department codes repeat across regions, hence the region in the name). Same events and key (case id) as carelink.referral.referrals.v1.',
    parameters: {
      region: { description: 'the region id of the policy pack (e.g. chizhou, changji)' },
      departmentCode: { description: 'the department code of the region policy pack (e.g. health, civil_affairs)' },
    },
    messages: (channels[referralsChannel] as { messages: unknown }).messages,
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
  operations['publish_carelink_referral_department'] = {
    action: 'send',
    channel: { $ref: '#/channels/carelink_referral_department' },
    summary: 'referral publishes each referral event also to the receiving department’s topic',
  };
  operations['consume_carelink_referral_department'] = {
    action: 'receive',
    channel: { $ref: '#/channels/carelink_referral_department' },
    summary: 'a department consumes its own topic (consumer group per department)',
  };
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

export function asyncApiYaml(): string {
  return stringify(asyncApiDocument(), { lineWidth: 0 });
}
