// Which bundle a page loads (issue 16): a mechanic gets the mechanic bundle (mechanic_bg.wasm),
// never the whole app's wasm with its admin panel; an admin gets the whole app. The role that picks
// it is stored at sign-in and forgotten at sign-out; an /admin address and a stored role that turns
// out wrong both end in the whole app, never on a blank page.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, signIn, t, withToken } from './helpers';

test.use({ baseURL: servers.off });
const he = (key: string) => t('he', key);

const WHOLE_APP_WASM = /^\/frontend-[0-9a-f]{16}_bg\.wasm$/;
const MECHANIC_WASM = '/mechanic_bg.wasm';

/** The paths of the wasm files the page asks for, from now on. */
function wasmLoads(page: Page): string[] {
  const loads: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) loads.push(path);
  });
  return loads;
}

test('a mechanic gets the mechanic bundle, not the whole app', async ({ page }) => {
  const loads = wasmLoads(page);
  await signIn(page, DEMO.avi, /\/mechanic$/);
  await expect(page.getByRole('heading', { name: he('dash-title') })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('felix_role'))).toBe('mechanic');
  // The login page's bundle, then the mechanic's.
  expect(loads).toEqual(['/login_bg.wasm', MECHANIC_WASM]);

  // A reload, another page of theirs: still the mechanic bundle, and it works.
  await page.reload();
  await page.getByRole('link', { name: he('nav-time') }).first().click();
  await expect(page).toHaveURL(/\/mechanic\/time$/);
  await expect(page.getByRole('heading', { name: he('time-page-title') })).toBeVisible();
  expect(loads.filter((path) => WHOLE_APP_WASM.test(path))).toEqual([]);

  // Signing out forgets the role with the token.
  await page.getByRole('button', { name: he('nav-sign-out') }).click();
  await expect(page).toHaveURL(/\/mechanic\/login$/);
  expect(await page.evaluate(() => localStorage.getItem('felix_role'))).toBeNull();
});

test('an admin gets the whole app', async ({ page }) => {
  const loads = wasmLoads(page);
  await signIn(page, DEMO.admin, /\/admin$/);
  await expect(page.getByRole('heading', { name: he('admin-orders-title') })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('felix_role'))).toBe('admin');
  expect(loads).toHaveLength(2);
  expect(loads[0]).toBe('/login_bg.wasm');
  expect(loads[1]).toMatch(WHOLE_APP_WASM);
});

test('a mechanic at an /admin address gets the whole app\'s answer, never a blank page', async ({ page, request }) => {
  const avi = await new Api(request, servers.off).token(DEMO.avi);
  await withToken(page, avi, { felix_role: 'mechanic' });
  const loads = wasmLoads(page);

  // Opened directly: index.html gives /admin addresses the whole app.
  await page.goto('/admin/catalog');
  await expect(page.getByRole('heading', { name: he('forbidden-title') })).toBeVisible();
  expect(loads).toHaveLength(1);
  expect(loads[0]).toMatch(WHOLE_APP_WASM);

  // Followed from a page of the mechanic bundle: it loads the address afresh, in the whole app.
  loads.length = 0;
  await page.goto('/mechanic');
  await expect(page.getByRole('heading', { name: he('dash-title') })).toBeVisible();
  expect(loads).toEqual([MECHANIC_WASM]);
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = '/admin/system';
    link.id = 'to-admin';
    link.textContent = 'admin';
    document.querySelector('main')!.append(link);
  });
  await page.locator('#to-admin').click();
  await expect(page).toHaveURL(/\/admin\/system$/);
  await expect(page.getByRole('heading', { name: he('forbidden-title') })).toBeVisible();
  expect(loads).toHaveLength(2);
  expect(loads[1]).toMatch(WHOLE_APP_WASM);
});

test('a stored role that turns out wrong: an admin in the mechanic bundle moves to the whole app', async ({ page, request }) => {
  const admin = await new Api(request, servers.off).token(DEMO.admin);
  // As if this browser's last sign-in was a mechanic's, and the token is an admin's.
  await withToken(page, admin, { felix_role: 'mechanic' });
  const loads = wasmLoads(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { name: he('admin-orders-title') })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('felix_role'))).toBe('admin');
  expect(loads[0]).toBe(MECHANIC_WASM);
  expect(loads.at(-1)).toMatch(WHOLE_APP_WASM);
});
