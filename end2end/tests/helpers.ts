// Helpers shared by the browser tests: the app's own wording (read from locales/), the REST API
// for setting up data, signing in, and the checks several tests make.
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from './fixtures';

export type Lang = 'he' | 'en' | 'ru';

const LOCALES = join(__dirname, '..', '..', 'locales');
const catalogs = new Map<Lang, Map<string, string>>();

/** The messages of one locale: simple `key = text` messages, and the default variant of a select. */
function messages(lang: Lang): Map<string, string> {
  let found = catalogs.get(lang);
  if (found) return found;
  found = new Map();
  for (const file of readdirSync(join(LOCALES, lang)).filter((f) => f.endsWith('.ftl'))) {
    const lines = readFileSync(join(LOCALES, lang, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const match = /^([a-z0-9-]+) = (.*)$/.exec(lines[i]);
      if (!match) continue;
      let text = match[2];
      if (text.endsWith('->')) {
        // A select: use its default (`*[…]`) variant.
        for (i++; i < lines.length && lines[i].startsWith(' '); i++) {
          const variant = /^\s*\*\[[^\]]+\]\s*(.*)$/.exec(lines[i]);
          if (variant) text = variant[1];
        }
        i--;
      }
      found.set(match[1], text);
    }
  }
  catalogs.set(lang, found);
  return found;
}

/** The app's text for `key` in `lang`, with `{ $name }` placeables filled in. */
export function t(lang: Lang, key: string, args: Record<string, string | number> = {}): string {
  const text = messages(lang).get(key);
  if (text === undefined) throw new Error(`no message ${key} in ${lang}`);
  return text.replace(/\{ \$([a-z_]+) \}/g, (_, name) => String(args[name] ?? `{${name}}`));
}

/** A regular expression matching `text` exactly (for accessible names). */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** A regular expression matching names that start with `text` (a select's name ends with its choice). */
export function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

export const DEMO = {
  admin: { username: 'admin', password: 'admin-demo-1', name: 'Dana Levi' },
  avi: { username: 'avi', password: 'avi-demo-1', name: 'Avi Cohen' },
  misha: { username: 'misha', password: 'misha-demo-1', name: 'Misha Ivanov' },
};

/** The REST API, for arranging data the way a test needs it. */
export class Api {
  constructor(private request: APIRequestContext, private baseURL: string) {}

  async call(method: string, path: string, token?: string, body?: unknown) {
    const response = await this.request.fetch(`${this.baseURL}/api${path}`, {
      method,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      data: body,
    });
    const text = await response.text();
    return { status: response.status(), body: text ? JSON.parse(text) : null };
  }

  async token(who: { username: string; password: string }): Promise<string> {
    const { status, body } = await this.call('POST', '/auth/login', undefined, { username: who.username, password: who.password });
    expect(status, JSON.stringify(body)).toBe(200);
    return body.token;
  }

  async ok(method: string, path: string, token: string | undefined, body?: unknown) {
    const answer = await this.call(method, path, token, body);
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  }

  /** A fresh order of `who`'s, so a test never depends on what another test did to the demo data. */
  async newOrder(token: string, fields: Record<string, unknown> = {}) {
    return this.ok('POST', '/orders', token, {
      vin: `TEST${Math.floor(Math.random() * 1e9)}`.slice(0, 17),
      car_number: '12-345-67',
      part_type: 'Test part',
      category: 'Test category',
      original_or_analog: 'original',
      ...fields,
    });
  }
}

/** Signs in through the login page and waits for the signed-in home. */
export async function signIn(page: Page, who: { username: string; password: string }, home = /\/(mechanic|admin)$/) {
  await page.goto('/mechanic/login');
  await page.locator('input[name=username]').fill(who.username);
  await page.locator('input[name=password]').fill(who.password);
  await page.locator('form button[type=submit]').click();
  await expect(page).toHaveURL(home);
}

/** Starts the page signed in with `token` (as if signed in earlier in this browser). */
export async function withToken(page: Page, token: string, extra: Record<string, string> = {}) {
  await page.addInitScript(({ token, extra }) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('felix_token', token);
    for (const [key, value] of Object.entries(extra)) localStorage.setItem(key, value);
  }, { token, extra });
}

/** The page fits the screen's width: nothing sticks out sideways. */
export async function expectNoHorizontalOverflow(page: Page) {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth]);
  expect(scrollWidth, 'page wider than the screen').toBeLessThanOrEqual(innerWidth);
}

const SCREENSHOTS = join(__dirname, '..', 'screenshots');

/** Saves a screenshot as a test artifact, in end2end/screenshots/. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until no request is in flight (so a reload does not cut one off). */
export async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
}
