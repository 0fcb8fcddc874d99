/**
 * Creates an account from the command line: the first county officer of a deployment (after that, county officers
 * create accounts in the console). Prints a temporary password, to be changed at the first sign-in. The account
 * follows the same rules as one a county officer creates at its place (a place of the region's pack, or a code
 * above all its counties; the role's level); the creation is in the console's audit trail.
 *
 *   node --conditions=source --import tsx services/console/src/entry-points/cli/create-account.ts \
 *     --username county-admin --name 贵池区民政局 --role county_officer --region chizhou --jurisdiction 341702
 */
import { PolicyPacks } from '@carelink/policy';
import { connectMongo } from '@carelink/store';
import { createLogger } from '@carelink/telemetry';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createConfig } from '../../config';
import { AccountRepository } from '../../data-access/account-repository';
import { ConsoleAuditLog } from '../../data-access/console-audit-log';
import { createAccountCommand, decideCreateAccount, type Manager } from '../../domain/accounts/manage-accounts';
import { hashPassword, temporaryPassword } from '../../security/passwords';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string' },
      jurisdiction: { type: 'string' },
      provider: { type: 'string' },
      department: { type: 'string' },
    },
  });
  const command = createAccountCommand.parse({
    username: values.username,
    displayName: values.name,
    role: values.role,
    jurisdiction: values.jurisdiction,
    ...(values.provider ? { providerId: values.provider } : {}),
    ...(values.department ? { departmentCode: values.department } : {}),
  });
  const config = createConfig();
  const policies = PolicyPacks.load(config.POLICY_DIR);
  const region = values.region ?? '';
  const pack = policies.get(region);
  if (!pack) throw new Error(`--region: no policy pack for "${region}" (known: ${policies.regions().join(', ')})`);
  const regionWide = pack.jurisdictions.every((c) => c.code.startsWith(command.jurisdiction));
  // The operator at the command line acts for the region as a whole, or for the place given.
  const operator: Manager = {
    username: `cli:${userInfo().username}`,
    role: 'county_officer',
    region,
    jurisdiction: regionWide
      ? command.jurisdiction
      : (pack.jurisdictions.find((c) => command.jurisdiction.startsWith(c.code))?.code ?? command.jurisdiction),
  };
  const password = temporaryPassword();
  const account = decideCreateAccount(operator, command, pack, {
    now: new Date(),
    temporaryPasswordHash: await hashPassword(password),
  });
  const connection = await connectMongo(config.MONGO_URL, createLogger('console-cli', 'warn'));
  try {
    const accounts = new AccountRepository(connection);
    await accounts.prepare();
    await accounts.insert(account);
    const audit = new ConsoleAuditLog(connection);
    await audit.prepare();
    await audit.record({
      kind: 'account_change',
      actor: operator.username,
      what: `create ${account.role} ${account.username} at ${account.jurisdiction} (command line)`,
      subject: { username: account.username, region: account.region, jurisdiction: account.jurisdiction },
      outcome: 'success',
    });
    process.stdout.write(
      `account ${account.username} (${account.role}, ${region} ${account.jurisdiction}) created.\n` +
        `temporary password (shown once; to be changed at the first sign-in): ${password}\n`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  process.stderr.write(`create-account: ${(err as Error).message}\n`);
  process.exit(1);
});
