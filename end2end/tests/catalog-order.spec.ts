// Orders and the catalog (ENABLE_PART_CATEGORIES): catalog names show in the reader's language,
// whatever language the order was made in; a part the catalog lacks can still be ordered as
// free text, marked as such for the admin.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, t, withToken } from './helpers';

test.use({ baseURL: servers.on });

test('a Russian reader sees the catalog names in Russian on an order made in Hebrew', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const token = await api.token(DEMO.avi);
  const [category] = await api.ok('GET', '/categories', token);
  const [part] = await api.ok('GET', `/parts?category_id=${category.id}`, token);
  // Avi's profile is in Hebrew: the order keeps the Hebrew names as its text.
  const order = await api.newOrder(token, { part_type: undefined, category: undefined, part_id: part.id });
  expect(order.part_type).toBe(part.name_he);
  const { order: read } = await api.ok('GET', `/orders/${order.id}`, token);
  expect(read.part_names).toEqual({ he: part.name_he, en: part.name_en, ru: part.name_ru });
  expect(read.category_names).toEqual({ he: category.name_he, en: category.name_en, ru: category.name_ru });

  await withToken(page, token, { felix_lang: 'ru' });
  await page.goto(`/mechanic/orders/${order.id}`);
  await expect(page.getByRole('heading', { name: t('ru', 'order-title', { id: order.id }) })).toBeVisible();
  const facts = page.locator('section', { has: page.getByRole('heading', { name: t('ru', 'order-facts'), exact: true }) });
  await expect(facts.getByRole('definition').filter({ hasText: part.name_ru })).toBeVisible();
  await expect(facts.getByRole('definition').filter({ hasText: category.name_ru })).toBeVisible();
  await expect(facts).not.toContainText(part.name_he);
  // The dashboard's card too.
  await page.goto('/mechanic');
  await expect(page.getByRole('link', { name: new RegExp(`^#${order.id}\\b`) })).toContainText(part.name_ru);
});

test('with the catalog on, a part it lacks is ordered as free text and marked for the admin', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const token = await api.token(DEMO.avi);
  const he = (key: string) => t('he', key);
  await withToken(page, token);
  await page.goto('/mechanic/new');
  await expect(page.getByRole('heading', { name: he('new-pick-category') })).toBeVisible();
  await page.getByRole('button', { name: he('new-not-in-catalog') }).click();
  await page.getByLabel(he('order-category'), { exact: true }).fill('Exhaust');
  await page.getByLabel(he('order-part'), { exact: true }).fill('Flex pipe 50 mm');
  await page.getByRole('button', { name: he('new-next') }).click();
  await page.getByLabel(he('order-vin'), { exact: true }).fill('WVWZZZ1KZAW123456');
  await page.getByRole('button', { name: he('new-review') }).click();
  await expect(page.getByText('Exhaust · Flex pipe 50 mm')).toBeVisible();
  await page.getByRole('button', { name: he('new-send') }).click();
  await expect(page).toHaveURL(/\/mechanic\/orders\/\d+$/);
  const id = Number(page.url().split('/').pop());
  await expect(page.getByTestId('not-in-catalog')).toBeVisible();
  const details = await api.ok('GET', `/orders/${id}`, token);
  expect(details.order.part_id ?? null).toBeNull();
  expect(details.order.part_type).toBe('Flex pipe 50 mm');

  // The admin sees the mark, with the way to the catalog.
  const admin = await api.token(DEMO.admin);
  await page.evaluate((token) => localStorage.setItem('felix_token', token), admin);
  await page.goto(`/admin/orders/${id}`);
  await expect(page.getByTestId('not-in-catalog')).toBeVisible();
  await expect(page.getByRole('link', { name: he('order-add-to-catalog') })).toHaveAttribute('href', '/admin/catalog');
});
