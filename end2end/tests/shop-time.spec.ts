// Dates and times in the chosen language and on the shop's clock (SHOP_TIMEZONE, Asia/Jerusalem
// on the e2e servers), whatever zone the browser is in; and the admin's date filters typed as the
// language writes a date, sent as a day in the shop's zone.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, settle, t, withToken, type Lang } from './helpers';

const SHOP_ZONE = 'Asia/Jerusalem';
// Seven hours from the shop: the same instant reads differently here.
test.use({ baseURL: servers.on, timezoneId: 'America/New_York' });

/** `at` as the app should show it in `lang`, and as the browser's own zone would. */
async function formats(page: import('@playwright/test').Page, lang: Lang, at: string) {
  return page.evaluate(([lang, at, zone]) => {
    const style = { dateStyle: 'short', timeStyle: 'short' } as const;
    return {
      shop: new Intl.DateTimeFormat(lang, { ...style, timeZone: zone }).format(new Date(at)),
      browser: new Intl.DateTimeFormat(lang, style).format(new Date(at)),
    };
  }, [lang, at, SHOP_ZONE] as const);
}

/** The shop's calendar day of `at`, as YYYY-MM-DD. */
function shopDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: SHOP_ZONE }).format(at);
}

/** YYYY-MM-DD typed as `lang` writes a date. */
function typed(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-');
  return lang === 'en' ? `${m}/${d}/${y}` : `${d}.${m}.${y}`;
}

test('the order list shows times in the language and the shop zone, and the date filter reads the language', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const admin = await api.token(DEMO.admin);
  const avi = await api.token(DEMO.avi);
  const order = await api.newOrder(avi, { part_type: 'Shop clock part' });
  const today = shopDay(new Date(order.created_at));
  const tomorrow = shopDay(new Date(new Date(order.created_at).getTime() + 24 * 3600 * 1000));
  await withToken(page, admin);
  await page.goto('/admin');

  for (const lang of ['he', 'ru', 'en'] as Lang[]) {
    await settle(page);
    await page.evaluate((lang) => localStorage.setItem('felix_lang', lang), lang);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const expected = await formats(page, lang, order.created_at);
    expect(expected.shop, 'the two zones must differ for this test to mean anything').not.toBe(expected.browser);

    const filters = page.getByRole('search');
    await filters.getByLabel(t(lang, 'order-vin'), { exact: true }).fill(order.vin);
    const from = filters.getByLabel(t(lang, 'admin-filter-from'), { exact: true });
    const to = filters.getByLabel(t(lang, 'admin-filter-to'), { exact: true });
    await expect(from).toHaveAttribute('placeholder', t(lang, 'date-pattern'));

    // A day that does not exist is refused beside its field, and nothing is asked of the server.
    await from.fill(lang === 'en' ? '02/31/2026' : '31.02.2026');
    await filters.getByRole('button', { name: t(lang, 'admin-filter-apply') }).click();
    await expect(filters.getByRole('alert')).toHaveText(t(lang, 'error-date'));

    // Today, typed the language's way: the order is found, and the day goes with the shop's zone.
    await from.fill(typed(today, lang));
    await to.fill(typed(today, lang));
    const asked = page.waitForRequest((r) => r.url().endsWith('/api/fn/orders/list') && r.postDataJSON()?.query?.from != null);
    await filters.getByRole('button', { name: t(lang, 'admin-filter-apply') }).click();
    const query = (await asked).postDataJSON().query;
    expect(query).toMatchObject({ from: today, to: today, tz: SHOP_ZONE });
    await expect(filters.getByRole('alert')).toHaveCount(0);
    const row = page.getByRole('row').filter({ hasText: order.vin });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('cell').filter({ hasText: expected.shop })).toHaveCount(1);
    await expect(row).not.toContainText(expected.browser);
    await expect(page.getByText(t(lang, 'admin-found', { count: 1 }))).toBeVisible();

    // From tomorrow: nothing.
    await from.fill(typed(tomorrow, lang));
    await to.fill('');
    await filters.getByRole('button', { name: t(lang, 'admin-filter-apply') }).click();
    await expect(page.getByRole('row').filter({ hasText: order.vin })).toHaveCount(0);
    await expect(page.getByText(t(lang, 'admin-found', { count: 0 }))).toBeVisible();
  }
});
