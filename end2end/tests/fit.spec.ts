// Every page in a mechanic's hand and on the admin's tablet: at 360 px (a phone) and 820 px (a
// tablet), in Hebrew, English and Russian, nothing scrolls sideways — neither the page nor a
// table's own box (tables that cannot fit become one card per row) — and long unbroken values
// (a VIN, a part number, a URL) stay inside their card. On the phone every button, link and field
// is at least 44×44 CSS px to a finger (a radio button or checkbox counts with its label).
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, screenshot, t, withToken, type Lang } from './helpers';

test.use({ baseURL: servers.on });

const WIDTHS = [360, 820] as const;
const LANGS: Lang[] = ['he', 'en', 'ru'];
const LONG_PART = 'Передний_левый_тормозной_суппорт_в_сборе_с_направляющими_и_пыльниками';
const LONG_NUMBER = 'BP-1001-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789';
const LONG_URL = 'https://parts.example.invalid/catalog/brakes/front/caliper?vin=WVWZZZ1KZAW999888&part=BP-1001';

/** What does not fit at this width: the page, a table's box, or a value sticking out of its card. */
async function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) found.push(`the page is ${root.scrollWidth} px wide in ${window.innerWidth}`);
    for (const box of document.querySelectorAll<HTMLElement>('.table-wrap')) {
      if (box.offsetParent && box.scrollWidth > box.clientWidth + 1) found.push(`a table scrolls: ${box.scrollWidth} px in ${box.clientWidth}`);
    }
    for (const value of document.querySelectorAll<HTMLElement>('main .code, main bdi, main dd, main td, main li')) {
      const card = value.parentElement?.closest<HTMLElement>('.card, li, .order-card');
      if (!card || !value.offsetParent) continue;
      const [inner, outer] = [value.getBoundingClientRect(), card.getBoundingClientRect()];
      if (inner.left < outer.left - 1 || inner.right > outer.right + 1) {
        found.push(`"${value.textContent!.trim().slice(0, 40)}" sticks out of its ${card.className || card.tagName} (${Math.round(inner.left)}–${Math.round(inner.right)} in ${Math.round(outer.left)}–${Math.round(outer.right)})`);
      }
    }
    return found;
  });
}

/** The tap targets on screen smaller than 44×44 CSS px: a control inside its label counts as the label. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const target of document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, [role=button]')) {
      const own = target.getBoundingClientRect();
      if (own.width <= 1 || own.height <= 1 || getComputedStyle(target).visibility === 'hidden') continue;
      const label = target.matches('input, select, textarea') ? target.closest('label') : null;
      const hit = label ? label.getBoundingClientRect() : own;
      if (hit.width < 43.5 || hit.height < 43.5) {
        const name = (target.getAttribute('aria-label') ?? target.textContent ?? '').trim() || target.getAttribute('name') || target.getAttribute('type');
        found.push(`${target.tagName.toLowerCase()} "${name?.slice(0, 30)}" is ${Math.round(hit.width)}×${Math.round(hit.height)}`);
      }
    }
    return found;
  });
}

/** Waits until the page has drawn its data, then checks that it fits (and, on a phone, its tap targets). */
async function check(page: Page, what: string) {
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
  expect(await misfits(page), what).toEqual([]);
  if (page.viewportSize()!.width < 600) expect(await smallTargets(page), `${what}: tap targets`).toEqual([]);
}

for (const lang of LANGS) {
  for (const width of WIDTHS) {
    test.describe(`${lang} at ${width} px`, () => {
      test.use({ viewport: { width, height: width < 600 ? 740 : 1180 } });

      test("the login page and every mechanic's page fit", async ({ page, request }) => {
        const api = new Api(request, servers.on);
        const token = await api.token(DEMO.avi);
        const order = await api.newOrder(token, { vin: 'WVWZZZ1KZAW999888', part_type: LONG_PART, category: LONG_PART, comment: LONG_URL });
        await api.ok('POST', `/orders/${order.id}/items`, token, { kind: 'custom_part', name: LONG_PART, part_number: LONG_NUMBER, unit_price_agorot: 1234500, quantity: 12 });
        await api.ok('POST', `/orders/${order.id}/comments`, token, { body: LONG_URL });
        await api.ok('POST', `/orders/${order.id}/time-entries`, token, {
          started_at: new Date(Date.now() - 3_600_000).toISOString(), ended_at: new Date().toISOString(), note: LONG_URL,
        });
        await page.addInitScript((lang) => localStorage.setItem('felix_lang', lang), lang);

        await page.goto('/mechanic/login');
        await expect(page.getByRole('heading', { name: t(lang, 'login-title') })).toBeVisible();
        await check(page, 'login');

        await withToken(page, token);
        for (const path of ['/mechanic', '/mechanic/time?period=month', '/mechanic/profile', `/mechanic/orders/${order.id}`]) {
          await page.goto(path);
          await check(page, path);
          // The README shows the mechanic's orders on a phone and on a tablet, in each language.
          if (path === '/mechanic') await screenshot(page, `fit-dashboard-${lang}-${width}`);
        }
        // The wizard: the categories, one category's parts, then the car's details.
        await page.goto('/mechanic/new');
        await expect(page.getByRole('heading', { name: t(lang, 'new-pick-category') })).toBeVisible();
        await check(page, 'new order: categories');
        await page.locator('button.choice').first().click();
        await expect(page.getByRole('button', { name: t(lang, 'new-back-categories') })).toBeVisible();
        await check(page, 'new order: parts');
        await page.locator('button.choice').first().click();
        await expect(page.getByLabel(t(lang, 'order-vin'), { exact: true })).toBeVisible();
        await check(page, 'new order: details');
      });

      test("every admin page fits", async ({ page, request }) => {
        const api = new Api(request, servers.on);
        const order = await api.newOrder(await api.token(DEMO.avi), { vin: 'WVWZZZ1KZAW999888', part_type: LONG_PART, comment: LONG_URL });
        await page.addInitScript((lang) => localStorage.setItem('felix_lang', lang), lang);
        await withToken(page, await api.token(DEMO.admin));
        for (const path of ['/admin', `/admin/orders/${order.id}`, '/admin/system']) {
          await page.goto(path);
          await check(page, path);
          if (path === '/admin') await screenshot(page, `fit-admin-${lang}-${width}`);
        }
        await page.goto('/admin/mechanics');
        await check(page, 'mechanics');
        // A sign-in link, the longest value on that page.
        await page.getByRole('button', { name: t(lang, 'staff-login-link') }).first().click();
        await expect(page.getByRole('textbox', { name: t(lang, 'staff-login-link') }).first()).toHaveValue(/\/mechanic\/login\?token=/);
        await check(page, 'mechanics with a sign-in link');
        await page.goto('/admin/catalog');
        await check(page, 'catalog');
        await page.locator('.rows button.label').first().click();
        await expect(page.getByRole('heading', { name: t(lang, 'catalog-parts'), exact: true })).toBeVisible();
        await check(page, 'catalog with parts');
      });
    });
  }
}
