// The admin is told why, and everything at once: no Deactivate button on her own row (and the
// server's refusal names its field, so the app can say why), and a form shows every field at
// fault in one go.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, t, withToken } from './helpers';

test.use({ baseURL: servers.on });
const he = (key: string) => t('he', key);

test("the admin's own row offers no Deactivate, and the server's refusal names why", async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const admin = await api.token(DEMO.admin);
  const me = await api.ok('GET', '/auth/me', admin);
  const refused = await api.call('PATCH', `/admin/users/${me.id}`, admin, { active: false });
  expect(refused.status).toBe(409);
  expect(refused.body.error.field).toBe('active');

  await withToken(page, admin);
  await page.goto('/admin/mechanics');
  const mine = page.getByRole('row').filter({ hasText: DEMO.admin.name });
  await expect(mine.getByRole('button', { name: he('catalog-edit') })).toBeVisible();
  await expect(mine.getByRole('button', { name: he('staff-deactivate') })).toHaveCount(0);
  const avi = page.getByRole('row').filter({ hasText: DEMO.avi.name });
  await expect(avi.getByRole('button', { name: he('staff-deactivate') })).toBeVisible();
});

test('a new category without names shows all three missing names at once', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  await withToken(page, await api.token(DEMO.admin));
  await page.goto('/admin/catalog');
  const form = page.locator('form', { has: page.getByRole('heading', { name: he('catalog-new-category') }) });
  await form.getByRole('button', { name: he('catalog-add-category') }).click();
  await expect(form.getByText(he('error-name'))).toHaveCount(3);
});
