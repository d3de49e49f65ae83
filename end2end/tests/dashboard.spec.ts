// The mechanic's dashboard (rollout plan §3.4.2): today's numbers, the filter tabs kept in the
// URL, car numbers on the cards only with ENABLE_CAR_NUMBER, and the list refreshing on its own.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { Api, DEMO, t, withToken } from './helpers';

const he = (key: string, args?: Record<string, string | number>) => t('he', key, args);
const TABS = [
  { tab: null, label: 'dash-tab-all' },
  { tab: 'new', label: 'status-new' },
  { tab: 'in_progress', label: 'status-in-progress' },
  { tab: 'ready', label: 'status-ready' },
  { tab: 'completed', label: 'status-completed' },
] as const;

/** The order cards on the page: links named "#<id> …". */
const cards = (page: import('@playwright/test').Page) => page.getByRole('link', { name: /^#\d+/ });

test.describe('with every flag on', () => {
  test.use({ baseURL: servers.on });

  test('the stat cards show the numbers of today', async ({ page, request }) => {
    const api = new Api(request, servers.on);
    const token = await api.token(DEMO.avi);
    const numbers = await api.ok('GET', '/dashboard', token);
    await withToken(page, token);
    await page.goto('/mechanic');
    const open = numbers.counts.new + numbers.counts.in_progress + numbers.counts.ready;
    await expect(page.getByRole('group', { name: he('dash-active') })).toContainText(String(open));
    await expect(page.getByRole('group', { name: he('dash-completed-today') })).toContainText(String(numbers.completed_today));
    const minutes = Math.floor(numbers.seconds_today / 60);
    const worked = minutes < 60
      ? he('duration-minutes', { minutes })
      : he('duration-hours-minutes', { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, '0') });
    await expect(page.getByRole('group', { name: he('dash-hours-today') })).toContainText(worked);
  });

  test('every filter tab lists exactly its orders and stays in the URL', async ({ page, request }) => {
    const api = new Api(request, servers.on);
    const token = await api.token(DEMO.avi);
    await withToken(page, token);
    await page.goto('/mechanic');
    for (const { tab, label } of TABS) {
      const expected = await api.ok('GET', `/orders?per_page=100${tab ? `&status=${tab}` : ''}`, token);
      await page.getByRole('navigation', { name: he('dash-tabs') }).getByRole('link', { name: new RegExp(`^${he(label)}`) }).click();
      await expect(page).toHaveURL(tab ? new RegExp(`\\?tab=${tab}$`) : /\/mechanic$/);
      await expect(cards(page)).toHaveCount(expected.total);
      if (tab) {
        for (const badge of await page.locator('main span[data-status]').all()) {
          await expect(badge).toHaveText(he(label));
        }
      }
    }
    // The tab survives a reload.
    await page.reload();
    await expect(page).toHaveURL(/\?tab=completed$/);
    await expect(page.getByRole('link', { name: new RegExp(`^${he('status-completed')}`) })).toHaveAttribute('aria-current', 'page');
  });

  test('order cards show the car number', async ({ page, request }) => {
    const api = new Api(request, servers.on);
    const token = await api.token(DEMO.avi);
    const order = await api.newOrder(token, { car_number: '77-123-45', part_type: 'Car number part' });
    await withToken(page, token);
    await page.goto('/mechanic?tab=new');
    const card = cards(page).filter({ hasText: 'Car number part' });
    await expect(card).toContainText(he('order-car-number'));
    await expect(card.getByText('77-123-45')).toBeVisible();
    // Car numbers stay left to right inside Hebrew text.
    await expect(card.getByText('77-123-45')).toHaveAttribute('dir', 'ltr');
    await expect(card.getByText(order.vin)).toHaveAttribute('dir', 'ltr');
  });

  test('the list refreshes on its own while the page is visible', async ({ page, request }) => {
    const api = new Api(request, servers.on);
    const token = await api.token(DEMO.avi);
    await withToken(page, token);
    await page.goto('/mechanic?tab=new');
    await expect(cards(page).first()).toBeVisible();
    const before = await cards(page).count();
    await api.newOrder(token, { part_type: 'Arrived by itself' });
    // No reload: the page asks again every 15 s.
    await expect(cards(page).filter({ hasText: 'Arrived by itself' })).toBeVisible({ timeout: 25_000 });
    await expect(cards(page)).toHaveCount(before + 1);
  });
});

test.describe('with ENABLE_CAR_NUMBER off', () => {
  test.use({ baseURL: servers.off });

  test('order cards have no car number', async ({ page, request }) => {
    const api = new Api(request, servers.off);
    const token = await api.token(DEMO.avi);
    // Sent with a car number, which the server does not keep while the flag is off.
    await api.newOrder(token, { car_number: '77-123-45', part_type: 'No car number part' });
    await withToken(page, token);
    await page.goto('/mechanic');
    const card = cards(page).filter({ hasText: 'No car number part' });
    await expect(card).toBeVisible();
    await expect(card).not.toContainText(he('order-car-number'));
    await expect(page.getByText(he('order-car-number'))).toHaveCount(0);
    // The demo orders have car numbers in the database; none reaches the page.
    await expect(page.locator('main')).not.toContainText(/\d\d-\d\d\d-\d\d/);
  });
});
