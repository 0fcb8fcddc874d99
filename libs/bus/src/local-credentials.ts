import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KafkaCredentials } from './kafka-access';

/**
 * The Kafka users of the local broker and their passwords, as `infra/local/servers.sh` writes them (readable
 * by their owner only) beside the broker's data: `<CARELINK_DATA>/kafka/credentials.json`.
 */
export interface LocalKafkaUsers {
  mechanism: 'scram-sha-256';
  /** The super user of the scripts and tests. */
  superUser: string;
  /** The controller listener's own user (SASL/PLAIN); only the broker uses it. */
  controller: { username: string; password: string };
  /** Password of every SCRAM user, the super user's included. */
  users: Record<string, string>;
}

/** Where the local broker's users are: `KAFKA_CREDENTIALS_FILE`, else under `CARELINK_DATA` (default `<repo>/.data`). */
export function localKafkaUsersFile(env: Record<string, string | undefined> = process.env): string {
  return (
    env.KAFKA_CREDENTIALS_FILE ||
    join(env.CARELINK_DATA || resolve(__dirname, '../../../.data'), 'kafka', 'credentials.json')
  );
}

export function readLocalKafkaUsers(file: string): LocalKafkaUsers | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as LocalKafkaUsers;
}

/** The local broker's credentials of one user (a service, a department, or the super user), if it has them. */
export function localKafkaCredentials(
  username: string,
  env: Record<string, string | undefined> = process.env,
): KafkaCredentials | undefined {
  const users = readLocalKafkaUsers(localKafkaUsersFile(env));
  const password = users?.users[username];
  return users && password ? { mechanism: users.mechanism, username, password } : undefined;
}
