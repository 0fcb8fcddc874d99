/**
 * Seeds the console's demo accounts (演示) into its database and prints them: `npm run platform` runs it after the
 * console is up. Local mode only (CARELINK_ENV=local): demo passwords are written in the source.
 *
 *   CARELINK_ENV=local node --conditions=source --import tsx services/console/src/entry-points/cli/seed-demo-accounts.ts
 */
import { isLocalMode } from '@carelink/service-host';
import { PolicyPacks } from '@carelink/policy';
import { connectMongo } from '@carelink/store';
import { createLogger } from '@carelink/telemetry';
import { createConfig } from '../../config';
import { AccountRepository } from '../../data-access/account-repository';
import { roleNames } from '../../domain/accounts/account';
import { jurisdictionNameOf } from '../../domain/directory/directory';
import { DEMO_PASSWORD, seedDemoAccounts } from './demo-accounts';

async function main(): Promise<void> {
  if (!isLocalMode()) {
    process.stderr.write('[carelink] demo accounts are seeded only with CARELINK_ENV=local\n');
    process.exit(78);
  }
  const config = createConfig();
  const logger = createLogger('console-seed', 'warn');
  const connection = await connectMongo(config.MONGO_URL, logger);
  try {
    const accounts = new AccountRepository(connection);
    await accounts.prepare();
    const seeded = await seedDemoAccounts(accounts);
    const policies = PolicyPacks.load(config.POLICY_DIR);
    const rows = seeded.map((a) => [
      a.username,
      DEMO_PASSWORD,
      `${a.role} (${roleNames[a.role].zh})`,
      `${jurisdictionNameOf(policies.get(a.region), a.jurisdiction)} ${a.jurisdiction}`,
      a.displayName + (a.providerId ? ` [${a.providerId}]` : '') + (a.departmentCode ? ` [${a.departmentCode}]` : ''),
    ]);
    const header = ['username', 'password', 'role', 'jurisdiction', 'name'];
    const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
    const line = (cells: string[]) =>
      ('  ' + cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ')).trimEnd();
    process.stdout.write(
      `[carelink] staff console demo accounts (演示; local only, refused outside CARELINK_ENV=local):\n` +
        [line(header), ...rows.map(line)].join('\n') +
        '\n',
    );
  } finally {
    await connection.close();
  }
}

/** Columns as a terminal shows them: CJK characters take two. */
function width(text: string): number {
  return [...text].reduce(
    (n, ch) =>
      n +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1),
    0,
  );
}

main().catch((err) => {
  process.stderr.write(`[carelink] seeding the console's demo accounts failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
