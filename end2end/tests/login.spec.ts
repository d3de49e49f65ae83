// Signing in and out (rollout plan §3.4.1): a wrong password, the token in localStorage, the
// role's home, signing out, a revoked token, and the one-time link from a Telegram message.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, exactly, signIn, t, withToken } from './helpers';

// Every flag off, Hebrew: the shop as it is before the rollout.
test.use({ baseURL: servers.off });
const he = (key: string, args?: Record<string, string | number>) => t('he', key, args);

test('a wrong password shows an error and saves no token', async ({ page, guard }) => {
  guard.allow(/HTTP 401: .*\/api\/fn\/auth\/sign-in|status of 401/);
  await page.goto('/mechanic/login');
  await expect(page.getByRole('heading', { name: he('login-title') })).toBeVisible();
  await page.getByLabel(he('login-username'), { exact: true }).fill(DEMO.avi.username);
  await page.getByLabel(he('login-password'), { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: exactly(he('login-submit')) }).click();
  await expect(page.getByRole('alert')).toHaveText(he('login-wrong'));
  await expect(page).toHaveURL(/\/mechanic\/login$/);
  expect(await page.evaluate(() => localStorage.getItem('felix_token'))).toBeNull();
});

test('signing in never leaves the site, whatever address the login page was opened at', async ({ page }) => {
  // `//evil.example/` is a path here, but to location.replace it is another site.
  await page.goto(`${servers.off}//evil.example/`);
  await page.getByLabel(he('login-username'), { exact: true }).fill(DEMO.avi.username);
  await page.getByLabel(he('login-password'), { exact: true }).fill(DEMO.avi.password);
  await page.getByRole('button', { name: exactly(he('login-submit')) }).click();
  await expect(page).toHaveURL(`${servers.off}/mechanic`);
});

test('an empty form is refused before anything is sent', async ({ page }) => {
  await page.goto('/mechanic/login');
  await page.getByRole('button', { name: exactly(he('login-submit')) }).click();
  await expect(page.getByRole('alert')).toHaveText(he('login-missing'));
});

test('signing in keeps the token, shows the name, and signing out forgets it', async ({ page }) => {
  await signIn(page, DEMO.avi, /\/mechanic$/);
  const token = await page.evaluate(() => localStorage.getItem('felix_token'));
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByRole('banner')).toContainText(DEMO.avi.name);
  await expect(page.getByRole('heading', { name: he('dash-title') })).toBeVisible();

  // A reload keeps the session (the whole app starts from the stored token).
  await page.reload();
  await expect(page.getByRole('banner')).toContainText(DEMO.avi.name);

  await page.getByRole('button', { name: he('nav-sign-out') }).click();
  await expect(page).toHaveURL(/\/mechanic\/login$/);
  expect(await page.evaluate(() => localStorage.getItem('felix_token'))).toBeNull();
  // Signed out, the app's pages send you back to the login page.
  await page.goto('/mechanic/time');
  await expect(page.getByRole('heading', { name: he('login-title') })).toBeVisible();
});

test('an admin lands on the admin panel, and / sends each role home', async ({ page }) => {
  await signIn(page, DEMO.admin, /\/admin$/);
  await expect(page.getByRole('heading', { name: he('admin-orders-title') })).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/admin$/);
});

test('a revoked token sends you back to the login page', async ({ page, request, guard }) => {
  guard.allow(/HTTP 401: .*\/api\/fn\/auth\/me|status of 401/);
  const api = new Api(request, servers.off);
  const token = await api.token(DEMO.avi);
  await withToken(page, token);
  await page.goto('/mechanic');
  await expect(page.getByRole('heading', { name: he('dash-title') })).toBeVisible();
  // Signed out elsewhere (the same session, revoked on the server).
  await api.ok('POST', '/auth/logout', token);
  // The server trusts a checked token for a few seconds; then the next load finds it revoked.
  await expect(async () => {
    await page.reload();
    await expect(page).toHaveURL(/\/mechanic\/login$/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: he('login-title') })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('felix_token'))).toBeNull();
});

test('a sign-in link from Telegram signs in and opens the order', async ({ page, request }) => {
  const api = new Api(request, servers.off);
  const admin = await api.token(DEMO.admin);
  const avi = await api.token(DEMO.avi);
  const me = await api.ok('GET', '/auth/me', avi);
  const order = await api.newOrder(avi, { part_type: 'Deep link part' });
  const link = await api.ok('POST', `/admin/users/${me.id}/login-link`, admin, { order_id: order.id });
  const url = new URL(link.url);
  expect(url.pathname).toBe('/mechanic/login');

  await page.goto(url.pathname + url.search);
  await expect(page).toHaveURL(new RegExp(`/mechanic/orders/${order.id}$`));
  await expect(page.getByRole('heading', { name: he('order-title', { id: order.id }) })).toBeVisible();
  await expect(page.getByText('Deep link part')).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('felix_token'))).toMatch(/^[0-9a-f]{64}$/);
});

test('a used sign-in link says so and offers the password form', async ({ page, request, guard }) => {
  guard.allow(/HTTP 401: .*\/api\/fn\/auth\/sign-in-link|status of 401/);
  const api = new Api(request, servers.off);
  const admin = await api.token(DEMO.admin);
  const avi = await api.token(DEMO.avi);
  const me = await api.ok('GET', '/auth/me', avi);
  const link = await api.ok('POST', `/admin/users/${me.id}/login-link`, admin, {});
  const token = new URL(link.url).searchParams.get('token')!;
  await api.ok('POST', '/auth/login-link', undefined, { token });

  await page.goto(`/mechanic/login?token=${token}`);
  await expect(page.getByRole('alert')).toHaveText(he('login-link-invalid'));
  await expect(page.getByLabel(he('login-username'), { exact: true })).toBeVisible();
});
