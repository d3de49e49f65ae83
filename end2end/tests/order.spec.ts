// One order's page (rollout plan §3.4.3): its fields, only the legal status moves, comments that
// bump the count, the timer, manual time that must end after it starts, and billed items that
// change the server's total.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { startsWith, Api, DEMO, exactly, t, withToken } from './helpers';

test.use({ baseURL: servers.on });
const he = (key: string, args?: Record<string, string | number>) => t('he', key, args);

async function openNewOrder(page: import('@playwright/test').Page, request: import('@playwright/test').APIRequestContext) {
  const api = new Api(request, servers.on);
  const token = await api.token(DEMO.avi);
  const order = await api.newOrder(token, { part_type: 'Timing belt kit', category: 'Engine', quantity: 2 });
  await withToken(page, token);
  await page.goto(`/mechanic/orders/${order.id}`);
  await expect(page.getByRole('heading', { name: he('order-title', { id: order.id }) })).toBeVisible();
  return { api, token, order };
}

test('the page shows every field of the order', async ({ page, request }) => {
  const { api, token, order } = await openNewOrder(page, request);
  const facts = page.locator('section', { has: page.getByRole('heading', { name: he('order-facts'), exact: true }) });
  // "Engine" is the slug of a catalog category: the order links to it and shows its name in the
  // reader's language.
  const category = (await api.ok('GET', '/categories', token)).find((c: { id: number }) => c.id === order.category_id);
  expect(category, 'the typed category is found in the catalog').toBeTruthy();
  for (const label of ['order-vin', 'order-car-number', 'order-category', 'order-part', 'order-kind', 'order-quantity',
    'order-mechanic', 'order-created', 'order-updated', 'order-tracked']) {
    await expect(facts.getByRole('term').filter({ hasText: he(label) })).toBeVisible();
  }
  for (const value of [order.vin, '12-345-67', 'Timing belt kit', category.name_he, he('order-original'), '2', DEMO.avi.name]) {
    await expect(facts.getByRole('definition').filter({ hasText: value }).first()).toBeVisible();
  }
  await expect(facts.getByText(order.vin, { exact: true })).toHaveAttribute('dir', 'ltr');
});

test('only the legal next statuses are offered, and a move changes the status', async ({ page, request }) => {
  const { order } = await openNewOrder(page, request);
  const moves = page.getByRole('region', { name: he('order-status-moves') }).getByRole('button');
  await expect(moves).toHaveText([he('status-to-in-progress'), he('status-to-ready'), he('status-to-completed'), he('status-to-cancelled')]);
  await moves.filter({ hasText: he('status-to-in-progress') }).click();
  await expect(page.locator('h1 + [data-status]')).toHaveText(he('status-in-progress'));
  await expect(moves).toHaveText([he('status-to-ready'), he('status-to-completed'), he('status-to-cancelled')]);
  await moves.filter({ hasText: he('status-to-completed') }).click();
  // Completing closes the order for good: it asks first.
  const dialog = page.getByRole('alertdialog', { name: he('confirm-complete-title', { id: order.id }) });
  await dialog.getByRole('button', { name: exactly(he('status-to-completed')) }).click();
  await expect(page.locator('h1 + [data-status]')).toHaveText(he('status-completed'));
  // A completed order goes nowhere.
  await expect(moves).toHaveCount(0);
});

test('a comment is added and bumps the count', async ({ page, request }) => {
  await openNewOrder(page, request);
  await expect(page.getByRole('heading', { name: he('comments-title', { count: 0 }) })).toBeVisible();
  // An empty comment is refused with the server's rule, before anything is sent.
  await page.getByRole('button', { name: he('comments-add') }).click();
  await expect(page.getByText(he('error-comment'))).toBeVisible();
  await page.getByLabel(he('comments-new'), { exact: true }).fill('The customer waits in the lobby');
  await page.getByRole('button', { name: he('comments-add') }).click();
  await expect(page.getByRole('heading', { name: he('comments-title', { count: 1 }) })).toBeVisible();
  await expect(page.getByText('The customer waits in the lobby')).toBeVisible();
  await expect(page.getByLabel(he('comments-new'), { exact: true })).toHaveValue('');
});

test('the timer starts, runs and stops', async ({ page, request }) => {
  const { api, token, order } = await openNewOrder(page, request);
  await page.getByRole('button', { name: he('time-start') }).click();
  const clock = page.getByRole('timer');
  await expect(clock).toHaveText(/^0:00:0\d$/);
  const first = await clock.textContent();
  await expect(clock).not.toHaveText(first!, { timeout: 5_000 });
  await page.getByRole('button', { name: he('time-stop') }).click();
  await expect(clock).toHaveCount(0);
  await expect(page.getByRole('button', { name: he('time-start') })).toBeVisible();
  const details = await api.ok('GET', `/orders/${order.id}`, token);
  expect(details.time_entries).toHaveLength(1);
  expect(details.time_entries[0].ended_at).not.toBeNull();
  expect(details.time_entries[0].source).toBe('timer');
});

test('manual time that ends before it starts is refused', async ({ page, request }) => {
  const { api, token, order } = await openNewOrder(page, request);
  const sent: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/fn/work/time-entry')) sent.push(r.url()); });
  await page.getByLabel(he('time-started'), { exact: true }).fill('2026-01-10T10:00');
  await page.getByLabel(he('time-ended'), { exact: true }).fill('2026-01-10T09:00');
  await page.getByRole('button', { name: exactly(he('time-add')) }).click();
  await expect(page.getByText(he('error-time-order'))).toBeVisible();
  expect(sent, 'the form checks before it sends').toEqual([]);
  // The server applies the same rule to anyone who skips the form.
  const refused = await api.call('POST', `/orders/${order.id}/time-entries`, token, {
    started_at: '2026-01-10T10:00:00Z', ended_at: '2026-01-10T09:00:00Z',
  });
  expect(refused.status).toBe(422);
  expect(refused.body.error.field).toBe('ended_at');

  // The right way round it is kept.
  await page.getByLabel(he('time-ended'), { exact: true }).fill('2026-01-10T11:30');
  await page.getByRole('button', { name: exactly(he('time-add')) }).click();
  await expect(page.getByText(he('time-manual-mark'))).toBeVisible();
  await expect(page.getByText(he('duration-hours-minutes', { hours: 1, minutes: '30' })).first()).toBeVisible();
});

test('a custom part and work change the total', async ({ page, request }) => {
  const { api, token, order } = await openNewOrder(page, request);
  const total = page.getByTestId('order-total');
  await expect(total).toHaveText(/0\.00/);
  await page.getByLabel(startsWith(he('items-kind'))).selectOption('custom_part');
  await page.getByLabel(he('items-name'), { exact: true }).fill('Brake hose');
  await page.getByLabel(he('items-unit-price'), { exact: true }).fill('120.50');
  await page.getByLabel(he('items-quantity'), { exact: true }).fill('2');
  await page.getByRole('button', { name: exactly(he('items-add')) }).click();
  await expect(total).toHaveText(/241\.00/);
  await expect(total).toContainText('₪');
  await expect(page.getByRole('cell', { name: /Brake hose/ })).toBeVisible();

  // A price is read as shekels and agorot, never as a float: 0.1 + 0.2 is 0.30.
  await page.getByLabel(startsWith(he('items-kind'))).selectOption('work');
  await page.getByLabel(he('items-work-name'), { exact: true }).fill('Fitting');
  await page.getByLabel(he('items-price'), { exact: true }).fill('0.3');
  await page.getByLabel(he('items-minutes'), { exact: true }).fill('30');
  await page.getByRole('button', { name: exactly(he('items-add')) }).click();
  await expect(total).toHaveText(/241\.30/);
  const details = await api.ok('GET', `/orders/${order.id}`, token);
  expect(details.totals.total_agorot).toBe(24130);

  // A bad price is refused next to its field.
  await page.getByLabel(startsWith(he('items-kind'))).selectOption('custom_part');
  await page.getByLabel(he('items-name'), { exact: true }).fill('Odd price');
  await page.getByLabel(he('items-unit-price'), { exact: true }).fill('12.345');
  await page.getByRole('button', { name: exactly(he('items-add')) }).click();
  await expect(page.getByText(he('error-price'))).toBeVisible();
});
