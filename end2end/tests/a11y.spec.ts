// Accessibility: axe-core on every page, in both themes (classic with the flags off, refreshed
// with them on) and in all three languages, with no serious or critical finding.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, t, withToken, type Lang } from './helpers';

/** Serious and critical findings on the page as it is now, one line each. */
async function findings(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`));
}

async function expectAccessible(page: Page, what: string) {
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
  // Soft: one run lists the findings of every page.
  expect.soft(await findings(page), what).toEqual([]);
}

const RUNS: { theme: string; url: string; langs: Lang[] }[] = [
  { theme: 'classic', url: servers.off, langs: ['he'] },
  { theme: 'refresh', url: servers.on, langs: ['he', 'en', 'ru'] },
];

for (const { theme, url, langs } of RUNS) {
  for (const lang of langs) {
    test.describe(`${theme} theme in ${lang}`, () => {
      test.use({ baseURL: url });

      test("the login page and the mechanic's pages", async ({ page, request }) => {
        const api = new Api(request, url);
        const token = await api.token(DEMO.avi);
        const order = await api.newOrder(token, { part_type: 'Axe check part', comment: 'Checked by axe' });
        await page.addInitScript((lang) => localStorage.setItem('felix_lang', lang), lang);
        await page.goto('/mechanic/login');
        await expectAccessible(page, 'login');
        await withToken(page, token);
        for (const path of ['/mechanic', '/mechanic/new', `/mechanic/orders/${order.id}`, '/mechanic/time?period=month', '/mechanic/profile']) {
          await page.goto(path);
          await expectAccessible(page, path);
        }
      });

      test("the admin's pages", async ({ page, request }) => {
        const api = new Api(request, url);
        const order = await api.newOrder(await api.token(DEMO.avi), { part_type: 'Axe admin part' });
        await page.addInitScript((lang) => localStorage.setItem('felix_lang', lang), lang);
        await withToken(page, await api.token(DEMO.admin));
        for (const path of ['/admin', `/admin/orders/${order.id}`, '/admin/mechanics', '/admin/catalog', '/admin/system']) {
          await page.goto(path);
          await expectAccessible(page, path);
        }
        // The question before a cancel is a page of its own to a screen reader.
        await page.goto(`/admin/orders/${order.id}`);
        await page.getByRole('region', { name: t(lang, 'order-status-moves') }).getByRole('button', { name: t(lang, 'status-to-cancelled') }).click();
        await expect(page.getByRole('alertdialog')).toBeVisible();
        expect.soft(await findings(page), 'the cancel question').toEqual([]);
      });
    });
  }
}
