// The profile's Telegram card in a shop without a bot (the e2e servers run without
// TELEGRAM_BOT_TOKEN): it says Telegram is not set up and offers no link code, and the server
// refuses to mint one. With a bot the card names it; the Rust API tests cover that side
// (server/tests/api/telegram.rs), against the Bot API stand-in.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, settle, t, withToken, type Lang } from './helpers';

test.use({ baseURL: servers.on });

test('without a bot the profile says Telegram is not set up and offers no code', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const token = await api.token(DEMO.avi);
  const refused = await api.call('POST', '/auth/telegram-link-code', token, { current_password: DEMO.avi.password });
  expect(refused.status, JSON.stringify(refused.body)).toBe(409);
  expect(refused.body.error.message).toContain('Telegram is not set up');

  await withToken(page, token);
  await page.goto('/mechanic/profile');
  for (const lang of ['he', 'en', 'ru'] as Lang[]) {
    await settle(page);
    await page.evaluate((lang) => localStorage.setItem('felix_lang', lang), lang);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const card = page.getByTestId('telegram-off');
    await expect(card.getByRole('heading', { name: t(lang, 'profile-telegram') })).toBeVisible();
    await expect(card).toContainText(t(lang, 'profile-telegram-off'));
    await expect(page.getByRole('button', { name: t(lang, 'profile-telegram-code') })).toHaveCount(0);
    // The password form is the only one left that asks for the current password.
    await expect(page.getByLabel(t(lang, 'profile-current-password'), { exact: true })).toHaveCount(1);
  }
});
