// The admin panel (issue 5): signing in, filters, inline status changes (legal moves only),
// assignment seen by the mechanic, the catalog feeding the mechanics' picker, staff who can sign
// in until deactivated, the CSV export, the system page, and mechanics kept out.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { startsWith, Api, DEMO, exactly, screenshot, signIn, t, withToken } from './helpers';
import type { Browser, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

test.use({ baseURL: servers.on });
const he = (key: string, args?: Record<string, string | number>) => t('he', key, args);

/** A second person in their own browser, watched for errors like the first. */
async function secondBrowser(browser: Browser, watch: (page: Page) => void): Promise<Page> {
  const context = await browser.newContext({ baseURL: servers.on, locale: 'en-US', timezoneId: 'Asia/Jerusalem' });
  const page = await context.newPage();
  watch(page);
  return page;
}

const rows = (page: Page) => page.getByRole('table').locator('tbody tr');

async function applyFilters(page: Page) {
  await page.getByRole('button', { name: he('admin-filter-apply') }).click();
}

test('an admin signs in, filters the orders and changes a status inline, offered only legal moves', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const admin = await api.token(DEMO.admin);
  const avi = await api.token(DEMO.avi);
  const order = await api.newOrder(avi, { vin: 'FILTERME000000001', part_type: 'Inline status part' });

  await signIn(page, DEMO.admin, /\/admin$/);
  await expect(page.getByRole('group', { name: he('admin-stat-total') })).toBeVisible();

  // Twenty to a page.
  const all = await api.ok('GET', '/orders?per_page=100', admin);
  const pages = Math.ceil(all.total / 20);
  await expect(page.getByText(he('admin-page-of', { page: 1, pages }))).toBeVisible();
  await expect(rows(page)).toHaveCount(Math.min(all.total, 20));
  await page.getByRole('button', { name: he('admin-next') }).click();
  await expect(page.getByText(he('admin-page-of', { page: 2, pages }))).toBeVisible();
  await expect(rows(page)).toHaveCount(Math.min(all.total - 20, 20));

  // By status: every row is ready, as many as the server counts.
  await page.getByLabel(startsWith(he('admin-filter-status'))).selectOption('ready');
  await applyFilters(page);
  const ready = await api.ok('GET', '/orders?status=ready&per_page=100', admin);
  await expect(page.getByText(he('admin-found', { count: ready.total }))).toBeVisible();
  await expect(rows(page)).toHaveCount(Math.min(ready.total, 20));
  for (const badge of await rows(page).locator('span[data-status]').all()) await expect(badge).toHaveText(he('status-ready'));

  // By mechanic and VIN together.
  await page.getByLabel(startsWith(he('admin-filter-status'))).selectOption('');
  await page.getByLabel(startsWith(he('admin-filter-mechanic'))).selectOption({ label: DEMO.avi.name });
  await page.getByLabel(he('order-vin'), { exact: true }).fill('filterme');
  await applyFilters(page);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('FILTERME000000001');
  await expect(rows(page).first()).toContainText(DEMO.avi.name);

  // Inline: a new order may go to in progress, ready, completed or cancelled, and nowhere else.
  const select = page.getByRole('combobox', { name: he('admin-change-status-of', { id: order.id }) });
  await expect(select.locator('option')).toHaveText([he('admin-move-to'), he('status-to-in-progress'), he('status-to-ready'),
    he('status-to-completed'), he('status-to-cancelled')]);
  await select.selectOption('ready');
  await expect(rows(page).first().locator('span[data-status]')).toHaveText(he('status-ready'));
  await expect(page.getByRole('combobox', { name: he('admin-change-status-of', { id: order.id }) }).locator('option'))
    .toHaveText([he('admin-move-to'), he('status-to-completed'), he('status-to-cancelled')]);
  expect((await api.ok('GET', `/orders/${order.id}`, admin)).order.status).toBe('ready');
  await screenshot(page, 'admin-orders');
});

test('an admin assigns an order, and the mechanic then sees it', async ({ page, browser, request, guard }) => {
  const api = new Api(request, servers.on);
  const admin = await api.token(DEMO.admin);
  // An order from the bot for someone who is not a user yet: nobody's until assigned.
  const order = await api.newOrder(admin, { mechanic_name: 'Somebody New', part_type: 'Unassigned part' });
  expect(order.mechanic_id).toBeNull();

  await withToken(page, admin);
  await page.goto(`/admin/orders/${order.id}`);
  await expect(page.getByText(he('order-unassigned'))).toBeVisible();
  const assign = page.locator('section', { has: page.getByRole('heading', { name: he('assign-title') }) });
  await assign.getByLabel(startsWith(he('assign-mechanic'))).selectOption({ label: DEMO.misha.name });
  await assign.getByLabel(he('assign-note'), { exact: true }).fill('Please take this one');
  await assign.getByRole('button', { name: he('assign-submit') }).click();
  await expect(page.getByRole('definition').filter({ hasText: DEMO.misha.name })).toBeVisible();
  await expect(page.getByText('Please take this one')).toBeVisible();

  const misha = await secondBrowser(browser, guard.watch);
  await withToken(misha, await api.token(DEMO.misha));
  await misha.goto('/mechanic');
  await expect(misha.getByRole('link', { name: new RegExp(`^#${order.id}\\b`) })).toContainText('Unassigned part');
  await misha.context().close();
});

test('a new category and part appear in the mechanic\'s new-order picker', async ({ page, browser, request, guard }) => {
  const api = new Api(request, servers.on);
  await withToken(page, await api.token(DEMO.admin));
  await page.goto('/admin/catalog');
  const stamp = Date.now() % 100000;
  const category = { he: `צמיגים ${stamp}`, en: `Tyres ${stamp}`, ru: `Шины ${stamp}` };
  const part = { he: `צמיג חורף ${stamp}`, en: `Winter tyre ${stamp}`, ru: `Зимняя шина ${stamp}` };

  const newCategory = page.locator('form', { has: page.getByRole('heading', { name: he('catalog-new-category') }) });
  await newCategory.getByLabel(he('catalog-name-he'), { exact: true }).fill(category.he);
  await newCategory.getByLabel(he('catalog-name-en'), { exact: true }).fill(category.en);
  await newCategory.getByLabel(he('catalog-name-ru'), { exact: true }).fill(category.ru);
  await newCategory.getByRole('button', { name: he('catalog-add-category') }).click();
  await page.getByRole('button', { name: new RegExp(`^${category.he}`) }).click();
  await expect(page.getByText(he('catalog-no-parts'))).toBeVisible();

  const newPart = page.locator('form', { has: page.getByRole('heading', { name: he('catalog-new-part') }) });
  await newPart.getByLabel(he('catalog-name-he'), { exact: true }).fill(part.he);
  await newPart.getByLabel(he('catalog-name-en'), { exact: true }).fill(part.en);
  await newPart.getByLabel(he('catalog-name-ru'), { exact: true }).fill(part.ru);
  await newPart.getByLabel(he('items-part-number'), { exact: true }).fill('WT-2024');
  await newPart.getByLabel(he('catalog-price'), { exact: true }).fill('350');
  await newPart.getByLabel(he('catalog-common'), { exact: true }).check();
  await newPart.getByRole('button', { name: he('catalog-add-part') }).click();
  await expect(page.getByText(part.he)).toBeVisible();
  await expect(page.getByText(he('catalog-common-mark'))).toBeVisible();
  await screenshot(page, 'admin-catalog');

  const misha = await secondBrowser(browser, guard.watch);
  await withToken(misha, await api.token(DEMO.misha));
  await misha.goto('/mechanic/new');
  await misha.getByRole('button', { name: new RegExp(`^${category.he}`) }).click();
  await expect(misha.getByRole('button', { name: new RegExp(`^${part.he}`) })).toBeVisible();
  await misha.context().close();
});

test('categories are renamed, moved and deleted', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const admin = await api.token(DEMO.admin);
  const stamp = Date.now() % 100000;
  const made = await api.ok('POST', '/admin/categories', admin, { name_he: `זמני ${stamp}`, name_en: `Temp ${stamp}`, name_ru: `Врем ${stamp}` });
  await withToken(page, admin);
  await page.goto('/admin/catalog');
  const row = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('button', { name: new RegExp(`^${name}`) }) });

  await row(`זמני ${stamp}`).getByRole('button', { name: he('catalog-edit') }).click();
  const edit = page.locator('form', { has: page.getByRole('heading', { name: he('catalog-edit-category') }) });
  await edit.getByLabel(he('catalog-name-he'), { exact: true }).fill(`שונה ${stamp}`);
  await edit.getByRole('button', { name: he('catalog-save') }).click();
  await expect(row(`שונה ${stamp}`)).toBeVisible();

  // The new category is last; one step up puts it before the one above it.
  const before = (await api.ok('GET', '/categories', admin)).map((c: { id: number }) => c.id);
  expect(before.at(-1)).toBe(made.id);
  await row(`שונה ${stamp}`).getByRole('button', { name: he('catalog-up') }).click();
  await expect.poll(async () => (await api.ok('GET', '/categories', admin)).map((c: { id: number }) => c.id))
    .toEqual([...before.slice(0, -2), made.id, before.at(-2)]);

  await row(`שונה ${stamp}`).getByRole('button', { name: he('catalog-delete') }).click();
  await expect(row(`שונה ${stamp}`)).toHaveCount(0);
});

test('after a move, the buttons of the moved row and of its neighbour still act on their own category', async ({ page, request }) => {
  // The buttons are taken hold of before the move, as a person's finger or a test's click already
  // is when the list redraws: the element under them must still be the row they were aimed at.
  const api = new Api(request, servers.on);
  const admin = await api.token(DEMO.admin);
  const stamp = Date.now() % 100000;
  const full = { name_he: `מלא ${stamp}`, name_en: `Full ${stamp}`, name_ru: `Полная ${stamp}` };
  const empty = { name_he: `ריק ${stamp}`, name_en: `Empty ${stamp}`, name_ru: `Пустая ${stamp}` };
  const withPart = await api.ok('POST', '/admin/categories', admin, full);
  await api.ok('POST', '/admin/parts', admin, {
    category_id: withPart.id, name_he: `חלק ${stamp}`, name_en: `Part ${stamp}`, name_ru: `Деталь ${stamp}`,
    price_agorot: 1000, is_common: false,
  });
  const without = await api.ok('POST', '/admin/categories', admin, empty);
  await withToken(page, admin);
  await page.goto('/admin/catalog');
  const categories = page.locator('section', { has: page.getByRole('heading', { name: he('catalog-categories') }) });
  const row = (name: string) => categories.getByRole('listitem').filter({ has: page.getByRole('button', { name: new RegExp(`^${name}`) }) });
  await expect(row(full.name_he)).toContainText('(1)');
  await expect(row(empty.name_he)).toContainText('(0)');

  const deleteEmpty = await row(empty.name_he).getByRole('button', { name: he('catalog-delete') }).elementHandle();
  const editFull = await row(full.name_he).getByRole('button', { name: he('catalog-edit') }).elementHandle();

  // The empty category is last, right below the full one; one step up swaps them.
  await row(empty.name_he).getByRole('button', { name: he('catalog-up') }).click();
  await expect.poll(async () => {
    const shown = await categories.getByRole('listitem').allInnerTexts();
    const [at, above] = [shown.findIndex((t) => t.startsWith(empty.name_he)), shown.findIndex((t) => t.startsWith(full.name_he))];
    return at >= 0 && above >= 0 && at < above;
  }, { message: 'the empty category is shown above the full one' }).toBe(true);

  // The neighbour's edit button edits the neighbour…
  await editFull!.click();
  const edit = page.locator('form', { has: page.getByRole('heading', { name: he('catalog-edit-category') }) });
  await expect(edit.getByLabel(he('catalog-name-he'), { exact: true })).toHaveValue(full.name_he);
  await expect(edit.getByLabel(he('catalog-name-en'), { exact: true })).toHaveValue(full.name_en);

  // …and the moved row's delete button deletes the moved row, the one without parts.
  await deleteEmpty!.click();
  await expect(row(empty.name_he)).toHaveCount(0);
  await expect(row(full.name_he)).toContainText('(1)');
  const left = await api.ok('GET', '/categories', admin);
  expect(left.map((c: { id: number }) => c.id)).not.toContain(without.id);
  expect(left.find((c: { id: number }) => c.id === withPart.id)).toMatchObject({ name_he: full.name_he, part_count: 1 });
});

test('a category still in use cannot be deleted, and the page says why', async ({ page, request, guard }) => {
  guard.allow(/HTTP 409: .*\/api\/fn\/catalog\/category-delete|status of 409/);
  const api = new Api(request, servers.on);
  await withToken(page, await api.token(DEMO.admin));
  await page.goto('/admin/catalog');
  const brakes = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: /^בלמים/ }) });
  await brakes.getByRole('button', { name: he('catalog-delete') }).click();
  await expect(page.getByRole('alert')).toHaveText(he('catalog-in-use'));
  await expect(page.getByRole('button', { name: /^בלמים/ })).toBeVisible();
});

test('an admin creates a mechanic who can sign in; once deactivated, their token stops working', async ({ page, browser, request, guard }) => {
  guard.allow(/HTTP 40[13]: .*\/api\/fn\/(auth\/me|auth\/sign-in|orders\/\w+)|status of 40[13]/);
  const api = new Api(request, servers.on);
  await withToken(page, await api.token(DEMO.admin));
  await page.goto('/admin/mechanics');
  const username = `dror${Date.now() % 100000}`;
  const create = page.locator('form', { has: page.getByRole('heading', { name: he('staff-new') }) });
  await create.getByLabel(he('staff-username'), { exact: true }).fill(username);
  await create.getByLabel(he('staff-name'), { exact: true }).fill('Dror Katz');
  await create.getByLabel(he('login-password'), { exact: true }).fill('short');
  await create.getByRole('button', { name: he('staff-create') }).click();
  await expect(create.getByText(he('error-password'))).toBeVisible();
  await create.getByLabel(he('login-password'), { exact: true }).fill('dror-pass-1');
  await create.getByRole('button', { name: he('staff-create') }).click();
  const row = page.getByRole('row').filter({ hasText: username });
  await expect(row).toContainText('Dror Katz');
  await screenshot(page, 'admin-mechanics');

  // A new password for them, set by the admin.
  await row.getByRole('button', { name: he('catalog-edit') }).click();
  const edit = page.locator('section', { has: page.getByRole('heading', { name: he('staff-edit-title', { name: 'Dror Katz' }) }) });
  await edit.getByLabel(he('profile-new-password'), { exact: true }).fill('dror-pass-2');
  await edit.getByRole('button', { name: he('staff-reset-password') }).click();
  await expect(edit.getByRole('status')).toHaveText(he('profile-password-changed'));

  // The new mechanic signs in, in their own browser.
  const dror = await secondBrowser(browser, guard.watch);
  await signIn(dror, { username, password: 'dror-pass-2' }, /\/mechanic$/);
  await expect(dror.getByRole('banner')).toContainText('Dror Katz');
  const token = (await dror.evaluate(() => localStorage.getItem('felix_token')))!;

  // Deactivated: their sessions end at once. Their open dashboard's next refresh gets a 401 and
  // sends them to the login page, without a reload.
  await row.getByRole('button', { name: he('staff-deactivate') }).click();
  await expect(page.getByRole('row').filter({ hasText: username })).toContainText(he('staff-inactive'));
  expect((await api.call('GET', '/auth/me', token)).status).toBe(401);
  await expect(dror).toHaveURL(/\/mechanic\/login$/, { timeout: 25_000 });
  expect(await dror.evaluate(() => localStorage.getItem('felix_token'))).toBeNull();
  // And they cannot sign in again.
  await dror.getByLabel(he('login-username'), { exact: true }).fill(username);
  await dror.getByLabel(he('login-password'), { exact: true }).fill('dror-pass-2');
  await dror.getByRole('button', { name: exactly(he('login-submit')) }).click();
  await expect(dror.getByRole('alert')).toHaveText(he('login-deactivated'));
  await dror.context().close();
});

test('the CSV export downloads the filtered rows', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  const admin = await api.token(DEMO.admin);
  await withToken(page, admin);
  await page.goto('/admin');
  await page.getByLabel(startsWith(he('admin-filter-status'))).selectOption('completed');
  await applyFilters(page);
  const expected = await api.ok('GET', '/orders?status=completed&per_page=100', admin);
  await expect(page.getByText(he('admin-found', { count: expected.total }))).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: he('admin-export') }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('orders.csv');
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split('\n');
  const header = lines[0].split(',');
  expect(header.slice(0, 3)).toEqual(['id', 'created_at', 'status']);
  expect(lines.length - 1).toBe(expected.total);
  const ids = lines.slice(1).map((line) => Number(line.split(',')[0])).sort((a, b) => a - b);
  expect(ids).toEqual(expected.orders.map((o: { id: number }) => o.id).sort((a: number, b: number) => a - b));
  for (const line of lines.slice(1)) expect(line.split(',')[2]).toBe('completed');
});

test('the system page shows which flags really work', async ({ page, request }) => {
  const api = new Api(request, servers.on);
  await withToken(page, await api.token(DEMO.admin));
  await page.goto('/admin/system');
  const flag = (name: string) => page.getByRole('row').filter({ hasText: name });
  await expect(flag('ENABLE_CAR_NUMBER')).toContainText(he('system-effective'));
  await expect(flag('ENABLE_TG_ADMIN_NOTIFS')).toContainText(he('system-note-no-token'));
  await expect(flag('ENABLE_TG_MECH_NOTIFS')).toContainText(he('system-note-no-token'));
  await expect(page.getByRole('heading', { name: he('system-outbox') })).toBeVisible();
  await screenshot(page, 'admin-system');
});

test('a mechanic is refused at /admin, and by the admin API', async ({ page, request, guard }) => {
  guard.allow(/HTTP 403: .*\/api\/fn\/(users|orders)\/|status of 403/);
  const api = new Api(request, servers.on);
  const avi = await api.token(DEMO.avi);
  await withToken(page, avi);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: he('forbidden-title') })).toBeVisible();
  await expect(page.getByText(he('forbidden-text'))).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await page.getByRole('link', { name: he('forbidden-back') }).click();
  await expect(page).toHaveURL(/\/mechanic$/);

  for (const [method, path] of [['GET', '/admin/users'], ['GET', '/admin/system'], ['GET', '/admin/orders/export.csv'],
    ['PATCH', '/admin/orders/1/status']] as const) {
    const answer = await api.call(method, path, avi, method === 'PATCH' ? { status: 'ready' } : undefined);
    expect(answer.status, `${method} ${path}`).toBe(403);
  }
  // The server functions behind the panel refuse too.
  const fn = await request.post(`${servers.on}/api/fn/users/list`, { headers: { Authorization: `Bearer ${avi}` }, data: {} });
  expect(fn.status()).toBe(403);
});
