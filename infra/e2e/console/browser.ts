/**
 * The browser side of the console's browser tests: Debian's Chromium driven by playwright-core (no browser is
 * downloaded: infra/local/chromium.sh installs the `chromium` package), signing in as a demo account, stable
 * screenshots, and an axe-core accessibility check that fails on serious and critical violations.
 *
 * Tests wait on what the page shows (`shows(locator)`, Playwright's auto-waiting `waitFor`), never on sleeps.
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO } from '../platform';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium's flags on a machine with a closed network: no sandbox (root in a container), no GPU, and none of the
 * background connections (updates, sync, QUIC probes) the network would refuse. Playwright gives every launch a new,
 * empty profile (`--user-data-dir` in a fresh temporary directory, removed at close).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long a step waits for the page to show what it expects (a slow, shared machine). */
export const STEP_MS = 20_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * A fresh browser context (its own cookies: one signed-in person) at the console's address, in Chinese and China
 * time, at a desktop size, asking for reduced motion. What goes wrong in the page (script errors, server errors) is
 * kept for failure messages.
 */
export async function openConsole(
  browser: Browser,
  consoleUrl: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: consoleUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    // Charts drawn at once and no transitions: what a screenshot or a click meets is the finished page.
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  troubles.set(page, []);
  page.on('pageerror', (err) => troubles.get(page)?.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Failed loads are kept below, as answers (a 401 before signing in is expected).
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      troubles.get(page)?.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) troubles.get(page)?.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return { context, page };
}

const troubles = new WeakMap<Page, string[]>();

/** What went wrong in the page so far (script errors, console errors, 5xx answers), for a failure message. */
export function troublesOf(page: Page): string[] {
  return troubles.get(page) ?? [];
}

/**
 * Signs in on the sign-in page with a username and password, and waits until the page answered: the signed-in
 * frame (the account's name on top) or the sign-in error. Callers check which.
 */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/login')) await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('account-name').or(page.getByTestId('login-error')).first().waitFor();
}

/** Waits until `locator` is visible (and, with `text`, until one of its matches shows that text); returns it. */
export async function shows(locator: Locator, text?: string | RegExp, timeout = STEP_MS): Promise<Locator> {
  const target = (text === undefined ? locator : locator.filter({ hasText: text })).first();
  await target.waitFor({ state: 'visible', timeout });
  return target;
}

/**
 * Waits until `locator` shows (`text`), reloading the page between looks: for what another service makes after
 * the page loaded (a referral made from a decision, through Kafka) on a page that does not poll.
 */
export async function showsAfterReloads(
  page: Page,
  locator: Locator,
  text?: string | RegExp,
  timeout = 3 * STEP_MS,
): Promise<Locator> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await shows(locator, text, 3_000);
    } catch (err) {
      if (Date.now() > end) throw err;
      await page.reload();
      await settled(page);
    }
  }
}

/** Picks the option labelled `label` of a radio group shown as buttons (Ant Design's Radio.Group). */
export async function pick(group: Locator, label: string | number): Promise<void> {
  const exact = new RegExp(`^\\s*${String(label).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  await group.locator('label').filter({ hasText: exact }).click();
}

/**
 * Picks an option of an Ant Design Select: opens it, types `search` when given (a select that searches as one
 * types), and clicks the option of the open list that shows `option`.
 */
export async function choose(page: Page, select: Locator, option: string | RegExp, search?: string): Promise<void> {
  await select.click();
  if (search !== undefined) await page.keyboard.type(search);
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

/** Confirms the confirmation pop-up on screen (Ant Design's Popconfirm / Modal.confirm: 确定). */
export async function confirmPopup(page: Page): Promise<void> {
  await page
    .locator('.ant-popover:visible, .ant-modal-confirm:visible')
    .getByRole('button', { name: /^\s*确\s*定\s*$/ })
    .click();
}

/** Waits until nothing `locator` matches is visible. */
export async function gone(locator: Locator, timeout = STEP_MS): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

/** Waits until the page's path is `path` (a string or a pattern of the path alone). */
export async function at(page: Page, path: string | RegExp, timeout = STEP_MS): Promise<void> {
  await page.waitForURL((url) => (typeof path === 'string' ? url.pathname === path : path.test(url.pathname)), {
    timeout,
  });
}

/**
 * Where screenshots go: `$CARELINK_TEST_RESULTS/../screenshots` (`.data/screenshots` under `npm test`), else the
 * same `.data/screenshots` of the repository: beside the test results (a folder the summary of `npm test` does not
 * read), kept after the run.
 */
export function screenshotDir(): string {
  const results = process.env.CARELINK_TEST_RESULTS ?? join(REPO, '.data/test-results');
  return resolve(results, '..', 'screenshots');
}

/**
 * Saves a full-page PNG as `<screenshotDir>/<name>.png`; names are stable (`<role>-<page>`, e.g.
 * `township-worklist`), so each run replaces the last one's. Waits until no spinner is left first.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))
    throw new Error(`screenshot names are <role>-<page> in kebab case: ${name}`);
  const dir = screenshotDir();
  mkdirSync(dir, { recursive: true });
  await settled(page);
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Waits until the page shows no loading spinner and no skeleton (Ant Design's), so shots and checks see content. */
export async function settled(page: Page, timeout = STEP_MS): Promise<void> {
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'hidden', timeout });
}

/** The WCAG 2 A and AA rules axe-core checks; a page fails on a violation of serious or critical impact. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa'];

/** Per page in a journey: the accessibility failures found so far, and the elements already named. */
const accessibility = new WeakMap<Page, { failures: string[]; named: Set<string> }>();

/**
 * Runs axe-core on the page as it is now and fails on a serious or critical violation, naming each: its rule id,
 * what it asks for (help), and each element (CSS target) with axe's summary of what is wrong. `what` names the page.
 * Inside `journey` the failure is kept and the journey goes on (its other pages are checked and saved too); the
 * journey then fails at its end with every page's violations (an element named on an earlier page is counted, not
 * repeated). Outside a journey it fails at once.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await settled(page);
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const failing = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (failing.length === 0) return;
  const ledger = accessibility.get(page);
  const lines = failing.map((v) => {
    const fresh = v.nodes.filter((n) => !ledger?.named.has(`${v.id} ${n.target.join(' ')}`));
    const again = v.nodes.length - fresh.length;
    for (const n of v.nodes) ledger?.named.add(`${v.id} ${n.target.join(' ')}`);
    return [
      `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
      ...fresh.map(
        (n) =>
          `    at ${n.target.map(String).join(' >> ')}` +
          (n.failureSummary ? `\n       ${n.failureSummary.replace(/\s*\n\s*/g, ' ')}` : ''),
      ),
      ...(again > 0 ? [`    (and ${again} element(s) named on an earlier page)`] : []),
    ].join('\n');
  });
  const report = `${what} (${new URL(page.url()).pathname}): ${failing.length} rule(s) with serious or critical violations:\n${lines.join('\n')}`;
  if (!ledger) throw new Error(report);
  ledger.failures.push(report);
}

/**
 * Runs one journey's steps. When a step fails: saves `<name>-failed.png` and adds to the error what went wrong in
 * the page (script errors, 5xx answers) and the accessibility failures so far, so a failure on CI says more than
 * "timed out". When every step passed but a page failed the accessibility check: fails with those pages.
 */
export async function journey(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  const ledger = { failures: [] as string[], named: new Set<string>() };
  accessibility.set(page, ledger);
  const failedShot = join(screenshotDir(), `${name}-failed.png`);
  rmSync(failedShot, { force: true }); // a previous run's
  try {
    await steps();
  } catch (err) {
    const shot = await page
      .screenshot({ path: failedShot, fullPage: true })
      .then(() => failedShot)
      .catch(() => 'no screenshot');
    const seen = troublesOf(page);
    const error = err as Error;
    const wrapped = new Error(
      `${error.message}\n  page: ${page.url()}\n  screenshot: ${shot}` +
        (seen.length ? `\n  in the page:\n    ${seen.join('\n    ')}` : '') +
        (ledger.failures.length ? `\n  accessibility so far:\n${ledger.failures.join('\n')}` : ''),
    );
    // Where the step failed, not where it was wrapped.
    wrapped.stack = [wrapped.message, ...(error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l))].join('\n');
    throw wrapped;
  } finally {
    accessibility.delete(page);
  }
  if (ledger.failures.length > 0)
    throw new Error(
      `${name}: every step passed, but ${ledger.failures.length} page(s) failed the accessibility check ` +
        `(axe-core, ${AXE_TAGS.join(' + ')}, serious or critical):\n${ledger.failures.join('\n')}`,
    );
}
