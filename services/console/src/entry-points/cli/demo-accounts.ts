import type { AccountRepository } from '../../data-access/account-repository';
import type { Account, ConsoleRole } from '../../domain/accounts/account';
import { hashPassword, passwordMatches } from '../../security/passwords';

/**
 * The demo accounts of the local platform (marked 演示): one per role in Chizhou's 贵池区, and a county officer, a
 * township caseworker and a hotline operator (the prefecture's hotline) in Changji. The provider and department are
 * those of the demo seed (infra/local/seed-demo.ts: the contract with `demo-cz-sunshine`; the demo request's home
 * health check goes to the `health` department).
 * Their password works only where the console runs with CARELINK_ENV=local (demo accounts are refused elsewhere).
 */
export const DEMO_PASSWORD = 'carelink-demo-2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: ConsoleRole;
  region: string;
  jurisdiction: string;
  providerId?: string;
  departmentCode?: string;
}

export const demoAccounts: DemoAccount[] = [
  {
    username: 'cz-county',
    displayName: '演示-贵池区民政局',
    role: 'county_officer',
    region: 'chizhou',
    jurisdiction: '341702',
  },
  {
    username: 'cz-township',
    displayName: '演示-池阳街道社工',
    role: 'township_caseworker',
    region: 'chizhou',
    jurisdiction: '341702001',
  },
  {
    username: 'cz-village',
    displayName: '演示-示范社区甲协理员',
    role: 'village_coordinator',
    region: 'chizhou',
    jurisdiction: '341702001201',
  },
  {
    username: 'cz-provider',
    displayName: '演示-阳光社会工作服务中心',
    role: 'provider_staff',
    region: 'chizhou',
    jurisdiction: '341702',
    providerId: 'demo-cz-sunshine',
  },
  {
    username: 'cz-health',
    displayName: '演示-贵池区卫健',
    role: 'department_staff',
    region: 'chizhou',
    jurisdiction: '341702',
    departmentCode: 'health',
  },
  // Receivers of Chizhou's delivery modes (policy/chizhou.yaml `receivers:`), served by the department inbox: the
  // party branch of 示范社区甲 (党建+救助) and its red-vest team (社工志愿), both in 池阳街道.
  {
    username: 'cz-party-branch',
    displayName: '演示-示范社区甲党支部',
    role: 'department_staff',
    region: 'chizhou',
    jurisdiction: '341702001',
    departmentCode: 'party_branch_341702001201',
  },
  {
    username: 'cz-red-vest',
    displayName: '演示-示范社区甲红马夹帮扶队',
    role: 'department_staff',
    region: 'chizhou',
    jurisdiction: '341702001',
    departmentCode: 'red_vest_341702001201',
  },
  {
    username: 'cz-hotline',
    displayName: '演示-池州热线坐席',
    role: 'hotline_operator',
    region: 'chizhou',
    jurisdiction: '3417',
  },
  {
    username: 'cj-county',
    displayName: '演示-昌吉市民政局',
    role: 'county_officer',
    region: 'changji',
    jurisdiction: '652301',
  },
  {
    username: 'cj-township',
    displayName: '演示-榆树沟镇社工',
    role: 'township_caseworker',
    region: 'changji',
    jurisdiction: '652301101',
  },
  {
    username: 'cj-hotline',
    displayName: '演示-昌吉热线坐席',
    role: 'hotline_operator',
    region: 'changji',
    jurisdiction: '6523',
  },
];

/**
 * Leaves every demo account as listed above, whatever happened to it since (idempotent): role, place, name and the
 * demo password; not locked, not disabled, no temporary password, no second factor. The password is hashed again
 * only when the stored hash is not of it.
 */
export async function seedDemoAccounts(accounts: AccountRepository, now = new Date()): Promise<DemoAccount[]> {
  for (const demo of demoAccounts) {
    await accounts.change(demo.username, async (current) => {
      const hash =
        current && (await passwordMatches(current.passwordHash, DEMO_PASSWORD))
          ? current.passwordHash
          : await hashPassword(DEMO_PASSWORD);
      const account: Account = {
        ...demo,
        passwordHash: hash,
        mustChangePassword: false,
        failedSignIns: [],
        disabled: false,
        demo: true,
        createdAt: current?.createdAt ?? now.toISOString(),
        createdBy: current?.createdBy ?? 'seed-demo',
        updatedAt: now.toISOString(),
        ...(current?.lastSignInAt ? { lastSignInAt: current.lastSignInAt } : {}),
      };
      return { account };
    });
  }
  return demoAccounts;
}
