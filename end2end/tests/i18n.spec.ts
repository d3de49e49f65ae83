// Languages (ENABLE_MECH_I18N, rollout plan §3.3): the switcher, Hebrew right to left, each choice
// surviving a reload, dates and numbers in the language's own format; with the flag off one
// default language, read from the server at runtime, and no switcher.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, exactly, screenshot, settle, t, withToken, type Lang } from './helpers';

const NAMES: Record<Lang, string> = { he: 'עברית', en: 'English', ru: 'Русский' };

test.describe('with ENABLE_MECH_I18N on', () => {
  test.use({ baseURL: servers.on });

  test('the switcher changes the language and each choice survives a reload', async ({ page, request }) => {
    const api = new Api(request, servers.on);
    const token = await api.token(DEMO.avi);
    const order = await api.newOrder(token, { part_type: 'Language check part' });
    await withToken(page, token);
    await page.goto(`/mechanic/orders/${order.id}`);
    const html = page.locator('html');

    // Hebrew, the default: right to left, with the VIN still left to right inside it.
    await expect(html).toHaveAttribute('lang', 'he');
    await expect(html).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: t('he', 'order-title', { id: order.id }) })).toBeVisible();
    await expect(page.getByText(order.vin, { exact: true })).toHaveAttribute('dir', 'ltr');
    await screenshot(page, 'language-he');

    for (const lang of ['ru', 'en', 'he'] as Lang[]) {
      const current = (await html.getAttribute('lang')) as Lang;
      await page.getByRole('banner').getByRole('group', { name: t(current, 'lang-switcher') })
        .getByRole('button', { name: NAMES[lang] }).click();
      await expect(html).toHaveAttribute('lang', lang);
      await expect(html).toHaveAttribute('dir', lang === 'he' ? 'rtl' : 'ltr');
      await expect(page.getByRole('heading', { name: t(lang, 'order-title', { id: order.id }) })).toBeVisible();
      await expect(page.getByRole('heading', { name: t(lang, 'history-title') })).toBeVisible();
      await expect(page.getByRole('button', { name: NAMES[lang] })).toHaveAttribute('aria-pressed', 'true');
      // The choice is kept in this browser (and saved to the profile for the bot): a reload keeps it.
      await settle(page);
      await page.reload();
      await expect(html).toHaveAttribute('lang', lang);
      await expect(html).toHaveAttribute('dir', lang === 'he' ? 'rtl' : 'ltr');
      await expect(page.getByRole('link', { name: exactly(t(lang, 'nav-orders')) })).toBeVisible();
      await expect(page.getByRole('heading', { name: t(lang, 'order-title', { id: order.id }) })).toBeVisible();
      if (lang !== 'he') await screenshot(page, `language-${lang}`);
    }
    expect(await page.evaluate(() => localStorage.getItem('felix_lang'))).toBe('he');
  });

  test('dates and numbers follow the language', async ({ page, request }) => {
    const api = new Api(request, servers.on);
    const token = await api.token(DEMO.avi);
    const order = await api.newOrder(token, { part_type: 'Format check part' });
    const item = { kind: 'custom_part', name: 'Big part', unit_price_agorot: 123456789, quantity: 1 };
    await api.ok('POST', `/orders/${order.id}/items`, token, item);
    const created = new Date(order.created_at);
    await withToken(page, token);
    await page.goto(`/mechanic/orders/${order.id}`);
    for (const lang of ['en', 'ru', 'he'] as Lang[]) {
      await settle(page);
      await page.evaluate((lang) => localStorage.setItem('felix_lang', lang), lang);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // The browser's own formatting for the language, as the app uses it.
      const expected = await page.evaluate(([lang, at]) => ({
        date: new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(at)),
        money: new Intl.NumberFormat(lang, { style: 'currency', currency: 'ILS' }).format(1234567.89),
      }), [lang, created.toISOString()] as const);
      const facts = page.locator('section', { has: page.getByRole('heading', { name: t(lang, 'order-facts'), exact: true }) });
      await expect(facts).toContainText(expected.date);
      await expect(page.getByTestId('order-total')).toHaveText(expected.money);
    }
  });
});

test.describe('with ENABLE_MECH_I18N off', () => {
  test.use({ baseURL: servers.off });

  test('there is no switcher and a stored choice is ignored', async ({ page, request }) => {
    const api = new Api(request, servers.off);
    const token = await api.token(DEMO.misha);
    // Misha's profile says Russian and this browser once chose Russian: with the flag off, neither counts.
    await withToken(page, token, { felix_lang: 'ru' });
    await page.goto('/mechanic');
    await expect(page.locator('html')).toHaveAttribute('lang', 'he');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: t('he', 'dash-title') })).toBeVisible();
    await expect(page.getByRole('group', { name: t('he', 'lang-switcher') })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Русский' })).toHaveCount(0);
    await page.goto('/mechanic/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'he');
  });

  test('the login page has no switcher either', async ({ page }) => {
    await page.goto('/mechanic/login');
    await expect(page.getByRole('heading', { name: t('he', 'login-title') })).toBeVisible();
    await expect(page.getByRole('button', { name: 'English' })).toHaveCount(0);
  });
});

test.describe('with DEFAULT_LANGUAGE=ru and ENABLE_MECH_I18N off', () => {
  test.use({ baseURL: servers.russian });

  test('the default language is the server\'s, read at runtime', async ({ page }) => {
    await page.goto('/mechanic/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { name: t('ru', 'login-title') })).toBeVisible();
    await expect(page.getByRole('button', { name: exactly(t('ru', 'login-submit')) })).toBeVisible();
  });
});
