/**
 * One browser-test run of the staff console: the services a journey needs (separate processes on the real
 * servers, as in the other end-to-end tests), the console in front of them (its web app built when stale), its demo
 * accounts seeded, and one Chromium.
 */
import { testServers, uniqueName } from '@carelink/test-servers';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, demoAccounts } from '../../../services/console/src/entry-points/cli/demo-accounts';
import {
  buildConsoleWeb,
  call,
  eventually,
  investigate,
  Platform,
  REPO,
  token,
  type ConsoleUpstreams,
  type ServiceName,
} from '../platform';
import { launchBrowser, openConsole } from './browser';
import { join } from 'node:path';

export { DEMO_PASSWORD };

/** The demo accounts (services/console/src/entry-points/cli/demo-accounts.ts) the journeys sign in with. */
export const DEMO = {
  township: 'cz-township',
  village: 'cz-village',
  county: 'cz-county',
  provider: 'cz-provider',
  department: 'cz-health',
  partyBranch: 'cz-party-branch',
  redVest: 'cz-red-vest',
  hotline: 'cz-hotline',
  changjiTownship: 'cj-township',
  changjiCounty: 'cj-county',
  changjiHotline: 'cj-hotline',
} as const;

export type DemoName = keyof typeof DEMO;

/** How long a journey's beforeAll may take to start its services, the console and Chromium on a busy machine. */
export const SETUP_MS = 420_000;

/** A demo account as seeded (role, region, jurisdiction, provider or department, display name). */
export function demoAccount(name: DemoName) {
  const account = demoAccounts.find((a) => a.username === DEMO[name]);
  if (!account) throw new Error(`no demo account ${DEMO[name]} in the console's seed`);
  return account;
}

export interface FiledCase {
  caseId: string;
  caseNumber: string;
}

export class ConsoleRun {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly platform: Platform,
    readonly browser: Browser,
  ) {}

  /**
   * Starts `services` and the console on ports from `basePort` (the console on basePort+8), seeds the demo accounts
   * and launches Chromium. `beforeConsole` runs once the services are ready and before the console starts (a chat
   * bot the console should reach, say); its answer names such upstreams.
   */
  static async start(
    name: string,
    basePort: number,
    services: readonly ServiceName[],
    beforeConsole?: (platform: Platform) => Promise<ConsoleUpstreams>,
  ): Promise<ConsoleRun> {
    const servers = await testServers();
    const platform = new Platform({
      runId: uniqueName(name),
      kafkaBrokers: servers.kafkaBrokers,
      mongoUrl: servers.mongoUrl,
      redisUrl: servers.redisUrl,
      basePort,
      kafkaSasl: servers.kafkaSasl,
    });
    try {
      // The web app builds (when stale) while the services start.
      const built = buildConsoleWeb(join(REPO, '.data/logs/e2e', platform.options.runId));
      built.catch(() => undefined); // awaited below; a failure then fails the run, not the process now
      if (services.length > 0) await platform.grantKafkaAccess();
      for (const s of services) platform.start(s);
      // Up to three minutes each: on a busy two-core machine six services compiling at once take long.
      await Promise.all(services.map((s) => platform.waitReady(s, 180_000)));
      const upstreams = (await beforeConsole?.(platform)) ?? {};
      await built;
      await platform.startConsole(upstreams);
      await platform.seedConsoleAccounts();
      return new ConsoleRun(platform, await launchBrowser());
    } catch (err) {
      await platform.stopAll().catch(() => undefined);
      throw err;
    }
  }

  get consoleUrl(): string {
    return this.platform.url('console', '');
  }

  /** A new browser context (nobody signed in) on the console. */
  async page(): Promise<Page> {
    const { context, page } = await openConsole(this.browser, this.consoleUrl);
    this.contexts.push(context);
    return page;
  }

  /** A staff token of a demo account, for what a test sets up through the services' APIs (as the console would). */
  tokenOf(name: DemoName): Promise<string> {
    const a = demoAccount(name);
    return token({
      sub: a.username,
      role: a.role,
      region: a.region,
      jurisdiction: a.jurisdiction,
      ...(a.providerId ? { providerId: a.providerId } : {}),
      ...(a.departmentCode ? { departmentCode: a.departmentCode } : {}),
    });
  }

  /**
   * Registers a request at the township window through intake's API, as `who` (a township caseworker), and waits
   * until assessment opened its case from intake's event (unless the run has no assessment: `opened: false`).
   * `request` is intake's POST /requests body.
   */
  async fileRequest(
    who: DemoName,
    request: Record<string, unknown>,
    { opened = true }: { opened?: boolean } = {},
  ): Promise<FiledCase> {
    const bearer = await this.tokenOf(who);
    const registered = await call<FiledCase>('POST', this.platform.url('intake', '/requests'), bearer, request);
    if (registered.status !== 201)
      throw new Error(`registering the request failed: ${registered.status} ${JSON.stringify(registered.body)}`);
    const { caseId, caseNumber } = registered.body;
    if (!opened) return { caseId, caseNumber };
    await eventually('assessment to open the case', async () =>
      (await call('GET', this.platform.url('assessment', `/cases/${caseId}`), bearer)).status === 200
        ? true
        : undefined,
    );
    return { caseId, caseNumber };
  }

  /**
   * The township's part through the services' APIs, as `who` (a township caseworker of the case's township): the
   * team (`who` and a village coordinator) records the home investigation, and `who` decides every item as given.
   */
  async investigateAndDecide(
    who: DemoName,
    caseId: string,
    verdicts: { itemCode: string; approve: boolean; note?: string }[],
  ): Promise<void> {
    const account = demoAccount(who);
    const bearer = await this.tokenOf(who);
    await investigate(this.platform, caseId, {
      token: bearer,
      staffId: account.username,
      office: account.jurisdiction,
    });
    const decided = await call('POST', this.platform.url('assessment', `/cases/${caseId}/decisions`), bearer, {
      items: verdicts,
      // The journeys attach no documents: the township decides on the originals seen at the visit.
      missingDocumentsReason: '材料原件已入户查验，复印件补交中',
    });
    if (decided.status !== 201)
      throw new Error(`the decision failed: ${decided.status} ${JSON.stringify(decided.body)}`);
  }

  async stop(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
    await this.platform.stopAll();
  }
}
