import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
  type AclEntry,
  type Admin,
} from 'kafkajs';
import type { AccessGrant, KafkaCredentials } from './kafka-access';

const operations = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
} as const;
const resources = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP } as const;
const patterns = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED } as const;

function reverse<K extends string>(map: Record<K, number>): Map<number, K> {
  return new Map(Object.entries(map).map(([k, v]) => [v as number, k as K]));
}
const operationOf = reverse(operations);
const resourceOf = reverse(resources);
const patternOf = reverse(patterns);

function toAcl(g: AccessGrant): AclEntry {
  return {
    resourceType: resources[g.resource],
    resourceName: g.name,
    resourcePatternType: patterns[g.pattern],
    principal: `User:${g.principal}`,
    host: '*',
    operation: operations[g.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/**
 * The broker's ACLs, read and changed by a super user (`infra/local/kafka-acls.ts` applies the plan of
 * `kafkaAccessPlan`). Creating an ACL the broker already holds changes nothing, so granting is idempotent.
 */
export class KafkaAccessControl {
  private readonly kafka: Kafka;

  constructor(options: { brokers: string[]; sasl?: KafkaCredentials; clientId?: string }) {
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'carelink-acls',
      brokers: options.brokers,
      ...(options.sasl ? { sasl: options.sasl } : {}),
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 300, retries: 8 },
    });
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  async grant(grants: readonly AccessGrant[]): Promise<void> {
    if (grants.length === 0) return;
    await this.withAdmin((admin) => admin.createAcls({ acl: grants.map(toAcl) }));
  }

  async revoke(grants: readonly AccessGrant[]): Promise<void> {
    if (grants.length === 0) return;
    await this.withAdmin((admin) => admin.deleteAcls({ filters: grants.map(toAcl) }));
  }

  /** Every ALLOW on a topic or group (read, write, create) the broker holds; other ACLs are not listed. */
  async granted(): Promise<AccessGrant[]> {
    const described = await this.withAdmin((admin) =>
      admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ALLOW,
      }),
    );
    const grants: AccessGrant[] = [];
    for (const r of described.resources) {
      const resource = resourceOf.get(r.resourceType);
      const pattern = patternOf.get(r.resourcePatternType);
      if (!resource || !pattern) continue;
      for (const acl of r.acls) {
        const operation = operationOf.get(acl.operation);
        if (!operation || acl.host !== '*' || !acl.principal.startsWith('User:')) continue;
        grants.push({
          principal: acl.principal.slice('User:'.length),
          resource,
          pattern,
          name: r.resourceName,
          operation,
        });
      }
    }
    return grants;
  }
}
