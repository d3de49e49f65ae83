// Themes (ENABLE_UI_REFRESH, rollout plan §3.3) and small screens: classic with the flag off, the
// refreshed look with it on; both on a 360×740 phone with a bottom navigation bar, the mechanic's
// name in the header, no sideways scrolling and nothing hidden under the bar; the admin panel on
// a tablet.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, expectNoHorizontalOverflow, screenshot, t, withToken } from './helpers';
import type { Page } from '@playwright/test';

const he = (key: string, args?: Record<string, string | number>) => t('he', key, args);
const PHONE = { width: 360, height: 740 };
const TABLET = { width: 820, height: 1180 };

/** On a phone the navigation is a bar at the bottom, and the end of the page clears it. */
async function expectBottomBarClear(page: Page) {
  const nav = page.getByRole('navigation', { name: he('nav-main') });
  await expect(nav).toBeVisible();
  const box = (await nav.boundingBox())!;
  expect(box.y + box.height, 'the bar sits at the bottom of the screen').toBeCloseTo(PHONE.height, 0);
  const bottom = await page.evaluate(() => {
    window.scrollTo(0, document.scrollingElement!.scrollHeight);
    const last = document.querySelector('main.page')!.lastElementChild;
    return last ? last.getBoundingClientRect().bottom : 0;
  });
  expect(bottom, 'the last thing on the page is not under the bar').toBeLessThanOrEqual(box.y + 1);
}

for (const [name, url, theme] of [['off', servers.off, 'classic'], ['on', servers.on, 'refresh']] as const) {
  test.describe(`flags ${name}: the ${theme} theme`, () => {
    test.use({ baseURL: url });

    test('every mechanic page fits a 360×740 phone', async ({ page, request }) => {
      const api = new Api(request, url);
      const token = await api.token(DEMO.avi);
      const order = await api.newOrder(token, { part_type: 'A rather long part name that has to wrap on a small phone screen' });
      await page.setViewportSize(PHONE);
      await page.goto('/mechanic/login');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.getByRole('heading', { name: he('login-title') })).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, `${theme}-login-phone`);

      await withToken(page, token);
      for (const path of ['/mechanic', `/mechanic/orders/${order.id}`, '/mechanic/new', '/mechanic/time?period=month', '/mechanic/profile']) {
        await page.goto(path);
        await expect(page.getByRole('banner')).toContainText(DEMO.avi.name);
        await expect(page.locator('main.page h1')).toBeVisible();
        await expect(page.getByRole('status')).toHaveCount(0);
        await expectNoHorizontalOverflow(page);
        await expectBottomBarClear(page);
      }
      await page.goto('/mechanic');
      await expect(page.getByRole('link', { name: /^#\d+/ }).first()).toBeVisible();
      await screenshot(page, `${theme}-dashboard-phone`);
      await page.goto(`/mechanic/orders/${order.id}`);
      await expect(page.getByRole('heading', { name: he('order-title', { id: order.id }) })).toBeVisible();
      await screenshot(page, `${theme}-order-phone`);
    });

    test('the theme sets its own colours and shapes', async ({ page, request }) => {
      const api = new Api(request, url);
      await withToken(page, await api.token(DEMO.avi));
      await page.goto('/mechanic');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const header = await page.getByRole('banner').evaluate((el) => getComputedStyle(el).backgroundImage);
      const button = await page.getByRole('button', { name: he('nav-sign-out') }).evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
      if (theme === 'refresh') {
        expect(header, 'the refreshed header is a gradient').toContain('linear-gradient');
        expect(parseFloat(button), 'pill buttons').toBeGreaterThan(100);
        await expect(page.locator('.mark')).toBeVisible();
      } else {
        expect(header).toBe('none');
        expect(parseFloat(button)).toBeLessThanOrEqual(4);
        await expect(page.locator('.mark')).toBeHidden();
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, `${theme}-dashboard-desktop`);
    });

    test('the admin panel works on a tablet', async ({ page, request }) => {
      const api = new Api(request, url);
      await withToken(page, await api.token(DEMO.admin));
      await page.setViewportSize(TABLET);
      for (const [path, heading] of [['/admin', 'admin-orders-title'], ['/admin/catalog', 'catalog-title'],
        ['/admin/mechanics', 'staff-title'], ['/admin/system', 'system-title']]) {
        await page.goto(path);
        await expect(page.getByRole('heading', { name: he(heading), level: 1 })).toBeVisible();
        await expect(page.getByRole('banner')).toContainText(DEMO.admin.name);
        await expect(page.getByRole('status')).toHaveCount(0);
        await expectNoHorizontalOverflow(page);
        // On a tablet the navigation is in the header.
        const nav = (await page.getByRole('navigation', { name: he('nav-main') }).boundingBox())!;
        expect(nav.y).toBeLessThan(120);
      }
      await page.goto('/admin');
      await expect(page.getByRole('table')).toBeVisible();
      await screenshot(page, `${theme}-admin-tablet`);
    });
  });
}
