// Live flags in the browser: an open page follows a flag flipped on the server without a reload
// (on its refresh timer, and at once when the window gets the focus), and a pilot group picked on
// the System page gets the refreshed theme while another mechanic keeps the classic one.
import { test, expect } from './fixtures';
import { Api, DEMO, t, withToken } from './helpers';
import { servers } from '../playwright.config';

test.use({ baseURL: servers.live });

const theme = (page: import('@playwright/test').Page) => page.locator('html');

test('an open page picks up a flipped flag without a reload', async ({ page, request }) => {
  test.setTimeout(90_000);
  const api = new Api(request, servers.live);
  const admin = await api.token(DEMO.admin);
  await withToken(page, await api.token(DEMO.avi));
  await page.goto('/mechanic');
  await expect(theme(page)).toHaveAttribute('data-theme', 'classic');
  // Survives only as long as this document does: a reload would drop it.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  try {
    await api.ok('PUT', '/admin/flags/ENABLE_UI_REFRESH', admin, { value: 'on' });
    // Nothing but the app's own refresh timer: within 30 s.
    await expect(theme(page)).toHaveAttribute('data-theme', 'refresh', { timeout: 30_000 });
    // Back the other way, at once when the window gets the focus.
    await api.ok('PUT', '/admin/flags/ENABLE_UI_REFRESH', admin, { value: 'off' });
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(theme(page)).toHaveAttribute('data-theme', 'classic', { timeout: 5_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  } finally {
    await api.ok('PUT', '/admin/flags/ENABLE_UI_REFRESH', admin, { value: 'clear' });
  }
});

test('a pilot mechanic gets the refreshed theme and another does not', async ({ page, browser, request, guard }) => {
  test.setTimeout(90_000);
  const api = new Api(request, servers.live);
  const admin = await api.token(DEMO.admin);
  const questions: string[] = [];
  page.on('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.accept();
  });
  await withToken(page, admin);
  await page.goto('/admin/system');
  const pilot = page.locator('tr[data-pilot=ENABLE_UI_REFRESH]');
  try {
    await pilot.getByRole('combobox').selectOption('avi');
    await pilot.getByRole('button', { name: t('he', 'system-pilot-add') }).click();
    await expect(pilot.locator('[data-member=avi]')).toBeVisible();
    // The confirmation named the flag and what it does.
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain('ENABLE_UI_REFRESH');
    expect(questions[0]).toContain(t('he', 'system-flag-refresh'));
    // The change log on the same page says who did it, from the web.
    await expect(page.locator('#flag-log tbody tr').first()).toContainText('ENABLE_UI_REFRESH');
    await expect(page.locator('#flag-log tbody tr').first()).toContainText('admin');
    // The flag itself stays off for everyone.
    await expect(page.locator('tr[data-flag=ENABLE_UI_REFRESH] td[data-col=value]')).toHaveText(t('he', 'system-off'));

    for (const [who, expected] of [[DEMO.avi, 'refresh'], [DEMO.misha, 'classic']] as const) {
      const context = await browser.newContext();
      const mechanic = await context.newPage();
      guard.watch(mechanic);
      await withToken(mechanic, await api.token(who));
      await mechanic.goto('/mechanic');
      await expect(mechanic.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(theme(mechanic)).toHaveAttribute('data-theme', expected);
      await context.close();
    }
    // The public endpoint keeps everyone's value.
    const flags = await api.ok('GET', '/config/feature-flags', undefined);
    expect(flags.ENABLE_UI_REFRESH).toBe(false);
  } finally {
    await api.ok('POST', '/admin/flags/ENABLE_UI_REFRESH/pilot', admin, { username: 'avi', member: false });
  }
});

test('a flag override asks first, naming the effect, and Cancel changes nothing', async ({ page, request }) => {
  const api = new Api(request, servers.live);
  const admin = await api.token(DEMO.admin);
  const questions: string[] = [];
  page.on('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await withToken(page, admin);
  await page.goto('/admin/system');
  const row = page.locator('tr[data-flag=ENABLE_CAR_NUMBER]');
  await row.getByRole('button', { name: t('he', 'system-set-on') }).click();
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toContain('ENABLE_CAR_NUMBER');
  expect(questions[0]).toContain(t('he', 'system-flag-car-number'));
  await expect(row.locator('td[data-col=override]')).toHaveText('—');
  const flags = await api.ok('GET', '/config/feature-flags', undefined);
  expect(flags.ENABLE_CAR_NUMBER).toBe(false);
});
