// A new order: picked from the catalog (category, then part) with ENABLE_PART_CATEGORIES on, typed
// in with it off; the car number only with ENABLE_CAR_NUMBER; checked with the server's rules.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, exactly, t, withToken } from './helpers';

const he = (key: string, args?: Record<string, string | number>) => t('he', key, args);

test.describe('with the catalog and car numbers on', () => {
  test.use({ baseURL: servers.on });

  test('a new order through the category → part picker', async ({ page, request }) => {
    const api = new Api(request, servers.on);
    const token = await api.token(DEMO.avi);
    await withToken(page, token);
    await page.goto('/mechanic');
    await page.getByRole('navigation', { name: he('nav-main') }).getByRole('link', { name: he('nav-new-order') }).click();
    await expect(page).toHaveURL(/\/mechanic\/new$/);
    await expect(page.getByRole('heading', { name: he('new-pick-category') })).toBeVisible();

    await page.getByRole('button', { name: /^בלמים/ }).click();
    await expect(page.getByRole('heading', { name: he('new-pick-part', { category: 'בלמים' }) })).toBeVisible();
    await page.getByRole('button', { name: /^רפידות בלם קדמיות/ }).click();

    // Step two checks with the server's rules before going on.
    await page.getByLabel(he('order-vin'), { exact: true }).fill('WVW-ZZZ');
    await page.getByLabel(he('order-car-number'), { exact: true }).fill('12_345');
    await page.getByRole('button', { name: he('new-review') }).click();
    await expect(page.getByText(he('error-vin'))).toBeVisible();
    await page.getByLabel(he('order-vin'), { exact: true }).fill('wvwzzz1kzaw999888');
    await page.getByRole('button', { name: he('new-review') }).click();
    await expect(page.getByText(he('error-car-number'))).toBeVisible();
    await page.getByLabel(he('order-car-number'), { exact: true }).fill('88-777-66');
    await page.getByLabel(he('order-analog'), { exact: true }).check();
    await page.getByLabel(he('order-quantity'), { exact: true }).fill('4');
    await page.getByLabel(he('new-comment'), { exact: true }).fill('For the silver Golf');
    await page.getByRole('button', { name: he('new-review') }).click();

    // Step three shows it all once more; the VIN is normalised like the server does it.
    await expect(page.getByRole('heading', { name: he('new-check') })).toBeVisible();
    await expect(page.getByText('WVWZZZ1KZAW999888')).toBeVisible();
    await expect(page.getByText('88-777-66')).toBeVisible();
    await page.getByRole('button', { name: he('new-send') }).click();

    await expect(page).toHaveURL(/\/mechanic\/orders\/\d+$/);
    const id = Number(page.url().split('/').pop());
    await expect(page.getByRole('heading', { name: he('order-title', { id }) })).toBeVisible();
    await expect(page.getByText('רפידות בלם קדמיות')).toBeVisible();
    const details = await api.ok('GET', `/orders/${id}`, token);
    expect(details.order.part_id).not.toBeNull();
    expect(details.order.category).toBe('בלמים');
    expect(details.order.car_number).toBe('88-777-66');
    expect(details.order.original_or_analog).toBe('analog');
    expect(details.order.quantity).toBe(4);
    expect(details.comments[0].body).toBe('For the silver Golf');
  });
});

test.describe('with every flag off', () => {
  test.use({ baseURL: servers.off });

  test('a new order with the part typed in, and no car number field', async ({ page, request }) => {
    const api = new Api(request, servers.off);
    const token = await api.token(DEMO.avi);
    await withToken(page, token);
    await page.goto('/mechanic/new');
    await expect(page.getByRole('heading', { name: he('new-pick-category') })).toHaveCount(0);
    await page.getByRole('button', { name: he('new-next') }).click();
    await expect(page.getByText(he('error-category'))).toBeVisible();
    await page.getByLabel(he('order-category'), { exact: true }).fill('Body');
    await page.getByLabel(he('order-part'), { exact: true }).fill('Left mirror glass');
    await page.getByRole('button', { name: he('new-next') }).click();

    await expect(page.getByLabel(he('order-car-number'), { exact: true })).toHaveCount(0);
    await page.getByLabel(he('order-vin'), { exact: true }).fill('VF1RFB00X53000999');
    await page.getByRole('button', { name: he('new-review') }).click();
    await page.getByRole('button', { name: exactly(he('new-send')) }).click();

    await expect(page).toHaveURL(/\/mechanic\/orders\/\d+$/);
    const id = Number(page.url().split('/').pop());
    await expect(page.getByText('Left mirror glass')).toBeVisible();
    const details = await api.ok('GET', `/orders/${id}`, token);
    expect(details.order.part_type).toBe('Left mirror glass');
    expect(details.order.category).toBe('Body');
    expect(details.order.part_id ?? null).toBeNull();
  });
});
