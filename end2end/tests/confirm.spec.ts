// A move that closes an order for good (cancelled, completed) asks first, in a dialog that names
// the order: going back keeps the order as it was, confirming makes the move. The same for the
// mechanic's buttons and the admin's "Move to…" select.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, exactly, t, withToken } from './helpers';

test.use({ baseURL: servers.on });
const he = (key: string, args?: Record<string, string | number>) => t('he', key, args);

/** The question before cancelling order `id`, naming its part, car number and VIN. */
async function expectQuestion(page: Page, order: { id: number; vin: string; part_type: string }, title: string) {
  const dialog = page.getByRole('alertdialog', { name: he(title, { id: order.id }) });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(order.part_type);
  await expect(dialog).toContainText('12-345-67');
  await expect(dialog).toContainText(order.vin);
  // The safe choice has the focus.
  await expect(dialog.getByRole('button', { name: he('confirm-back') })).toBeFocused();
  return dialog;
}

test("a mechanic's cancel asks first: back keeps the order, confirm cancels it", async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const token = await api.token(DEMO.avi);
  const order = await api.newOrder(token, { part_type: 'Confirm me part' });
  await withToken(page, token);
  await page.goto(`/mechanic/orders/${order.id}`);
  const moves = page.getByRole('region', { name: he('order-status-moves') });
  const status = page.locator('h1 + [data-status]');
  await expect(status).toHaveText(he('status-new'));

  await moves.getByRole('button', { name: he('status-to-cancelled') }).click();
  let dialog = await expectQuestion(page, order, 'confirm-cancel-title');
  await dialog.getByRole('button', { name: he('confirm-back') }).click();
  await expect(dialog).toHaveCount(0);
  await expect(status).toHaveText(he('status-new'));
  expect((await api.ok('GET', `/orders/${order.id}`, token)).order.status).toBe('new');

  // Escape is "back" too.
  await moves.getByRole('button', { name: he('status-to-cancelled') }).click();
  dialog = await expectQuestion(page, order, 'confirm-cancel-title');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect((await api.ok('GET', `/orders/${order.id}`, token)).order.status).toBe('new');

  await moves.getByRole('button', { name: he('status-to-cancelled') }).click();
  dialog = await expectQuestion(page, order, 'confirm-cancel-title');
  await dialog.getByRole('button', { name: exactly(he('status-to-cancelled')) }).click();
  await expect(status).toHaveText(he('status-cancelled'));
  await expect(dialog).toHaveCount(0);
  // Closed: nothing left to move to, and no empty card where the moves were.
  await expect(moves).toHaveCount(0);
  expect((await api.ok('GET', `/orders/${order.id}`, token)).order.status).toBe('cancelled');
});

test("the admin's Move to… cancel asks first: back leaves the select, confirm cancels", async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const admin = await api.token(DEMO.admin);
  const order = await api.newOrder(await api.token(DEMO.avi), { part_type: 'Admin confirm part' });
  await withToken(page, admin);
  await page.goto('/admin');
  const select = page.getByRole('combobox', { name: he('admin-change-status-of', { id: order.id }) });
  const row = page.getByRole('row').filter({ has: select });

  await select.selectOption('cancelled');
  let dialog = await expectQuestion(page, order, 'confirm-cancel-title');
  await dialog.getByRole('button', { name: he('confirm-back') }).click();
  await expect(dialog).toHaveCount(0);
  await expect(select).toHaveValue('');
  await expect(row.locator('span[data-status]')).toHaveText(he('status-new'));
  expect((await api.ok('GET', `/orders/${order.id}`, admin)).order.status).toBe('new');

  await select.selectOption('cancelled');
  dialog = await expectQuestion(page, order, 'confirm-cancel-title');
  await dialog.getByRole('button', { name: exactly(he('status-to-cancelled')) }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('link', { name: `#${order.id}`, exact: true }).locator('xpath=ancestor::tr').locator('span[data-status]'))
    .toHaveText(he('status-cancelled'));
  expect((await api.ok('GET', `/orders/${order.id}`, admin)).order.status).toBe('cancelled');
});
