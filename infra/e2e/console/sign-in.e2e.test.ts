/**
 * Signing in to the staff console in a real Chromium: a wrong password is refused in Chinese and leaves no session;
 * the right one lands on the role's home page with the account on top; signing out ends the session (the home page
 * sends back to the sign-in page). The sign-in page passes the accessibility check, with and without its error.
 */
import { at, expectAccessible, gone, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, demoAccount, SETUP_MS } from './console-platform';

// The console alone, on 4409 (base 4401 + 8): signing in needs no service. The home page's lists then answer that
// their services are away; the township journey shows that page with its services.
const BASE_PORT = 4401;

describe('signing in to the staff console', () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-sign-in', BASE_PORT, []);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('refuses a wrong password in Chinese, lands the right one on the role home page, and signs out', async () => {
    const page = await run.page();
    await journey(page, 'sign-in', async () => {
      await page.goto('/worklist');
      // Not signed in: the console's pages send to the sign-in page.
      await at(page, '/login');
      await shows(page.getByRole('heading', { name: '服务类社会救助 · 工作台' }));
      await screenshot(page, 'common-login');
      await expectAccessible(page, 'the sign-in page');

      await signIn(page, DEMO.township, 'not-the-password-2026');
      await shows(page.getByTestId('login-error'), '用户名或密码错误');
      await at(page, '/login');
      await screenshot(page, 'common-login-refused');
      await expectAccessible(page, 'the sign-in page with its error');

      await signIn(page, DEMO.township, DEMO_PASSWORD);
      // The township caseworker's home: the worklist, with the account on top.
      await at(page, '/worklist');
      await shows(page.getByTestId('account-name'), demoAccount('township').displayName);
      await shows(page.getByTestId('account-role'), '乡镇');
      await gone(page.getByTestId('login-form'));

      await page.getByTestId('sign-out').click();
      await at(page, '/login');
      await shows(page.getByTestId('login-form'));
      // The session is gone on the server too: the home page asks to sign in again.
      await page.goto('/worklist');
      await at(page, '/login');
      const session = await page.request.get('/console/session');
      expect(session.status()).toBe(401);
    });
  });
});
