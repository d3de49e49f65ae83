// The app shell: the server serves the SPA, and the wasm app renders, also on a deep link.
import { test, expect } from './fixtures';

test('the app shell renders from the server', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Felix Hub' })).toBeVisible();
});

test('a reload on a deep client route serves the app', async ({ page }) => {
  await page.goto('/mechanic/orders/7');
  await expect(page.getByRole('link', { name: 'Felix Hub' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Felix Hub' })).toBeVisible();
});
