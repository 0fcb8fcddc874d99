/**
 * Writes the local broker's Kafka users and their passwords (random, kept on later runs) to the credentials
 * file (`localKafkaUsersFile()`: <CARELINK_DATA>/kafka/credentials.json, owner-only), and prints them for
 * servers.sh, one per line, tab-separated: `controller <name> <password>` (the controller listener's PLAIN
 * user), `super <name> <password>`, then `user <name> <password>` for every SCRAM user (super user first).
 * The users are the super user, each service and bot of the access plan, and each department.
 *
 *   node --conditions=source --import tsx infra/local/kafka-users.ts [file]
 */
import { localKafkaUsersFile, readLocalKafkaUsers, type LocalKafkaUsers } from '@carelink/bus';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { localAccessPlan } from './kafka-plan';

const SUPER_USER = 'carelink-admin';
const CONTROLLER_USER = 'carelink-controller';

const password = () => randomBytes(24).toString('base64url');

const file = process.argv[2] ?? localKafkaUsersFile();
const plan = localAccessPlan();
const known = readLocalKafkaUsers(file);
const users: LocalKafkaUsers = {
  mechanism: 'scram-sha-256',
  superUser: known?.superUser ?? SUPER_USER,
  controller: known?.controller ?? { username: CONTROLLER_USER, password: password() },
  users: { ...known?.users },
};
for (const name of [users.superUser, ...plan.services, ...plan.departments]) users.users[name] ??= password();

mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
writeFileSync(`${file}.tmp`, JSON.stringify(users, null, 2) + '\n', { mode: 0o600 });
chmodSync(`${file}.tmp`, 0o600);
renameSync(`${file}.tmp`, file);

const lines = [
  ['controller', users.controller.username, users.controller.password],
  ['super', users.superUser, users.users[users.superUser]!],
  ...[users.superUser, ...Object.keys(users.users).filter((n) => n !== users.superUser)].map((n) => [
    'user',
    n,
    users.users[n]!,
  ]),
];
process.stdout.write(lines.map((l) => l.join('\t')).join('\n') + '\n');
