// The cut-over from FelixPartsBot: on a server whose database `felix-hub import-legacy` filled
// from the import tests' old database (server/tests/fixtures/), a mechanic signs in with the email
// and password they had there and finds their orders, with their items and history.
import { test, expect } from './fixtures';
import { servers } from '../playwright.config';
import { signIn } from './helpers';

test.use({ baseURL: servers.legacy });

test('a mechanic signs in with their FelixPartsBot password and finds their imported orders', async ({ page }) => {
  await signIn(page, { username: 'misha@felix.garage', password: 'misha-old-pass-1' }, /\/mechanic$/);
  const cards = page.getByRole('link', { name: /^#\d+/ });
  // Misha's two orders: 102 found by his name, 103 assigned to him; nobody else's.
  await expect(cards).toHaveCount(2);
  const paused = cards.filter({ hasText: '#102' });
  // The imported category ("⚙️ Двигатель") links to the catalog's engine category, whose name
  // shows in the reader's language.
  await expect(paused).toContainText('Двигатель · Масляный фильтр, Прокладка');
  await expect(paused).toContainText('45-678-90');
  await expect(paused.locator('[data-status]')).toHaveAttribute('data-status', 'in_progress');
  await expect(cards.filter({ hasText: '#103' }).locator('[data-status]')).toHaveAttribute('data-status', 'completed');

  await paused.click();
  await expect(page).toHaveURL(/\/mechanic\/orders\/102$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('102');
  // selected_parts with prices became items; the custom part kept its number; the comment its text.
  await expect(page.getByText('Прокладка клапанной крышки')).toBeVisible();
  await expect(page.getByText('VC-1234')).toBeVisible();
  await expect(page.getByText('Жду прокладку от поставщика')).toBeVisible();
  // The history says where the order came from and that it was paused there.
  await expect(page.getByText(/Imported from FelixPartsBot/)).toBeVisible();
  await expect(page.getByText(/work status «на паузе»/)).toBeVisible();
});
