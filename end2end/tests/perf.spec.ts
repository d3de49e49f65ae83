// The login page on a phone on a slow line: at most 200 KB sent in total, usable within 1.2 s.
// Slow 4G: 150 ms latency, 1.6 Mbps down, 750 kbps up, empty cache, through Chromium's network
// emulation (DevTools protocol). "1.6 Mbps" as Lighthouse's slow-4G profile counts it:
// 1.6 × 1024 kbit/s. Timed three times in fresh browser contexts; the median is the figure.
//
// The bytes are a gate here: they depend only on the build. The time depends on how busy the
// machine is, so the test command only prints it (on the console, and as JSON in
// test-results/perf-login.json, or at PERF_JSON). The benchmark command enforces it: with
// PERF_ENFORCE=1 this test also fails when the median misses the time budget.
//   PERF_ENFORCE=1 npx playwright test perf.spec.ts
import type { Browser, Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test, expect } from './fixtures';

const BUDGET_BYTES = 200 * 1024;
const BUDGET_MS = 1200;
const RUNS = 3;
const NETWORK = { latency: 150, downloadKbps: 1.6 * 1024, uploadKbps: 750 };
const ENFORCE_TIME = process.env.PERF_ENFORCE === '1';
const REPORT = process.env.PERF_JSON ?? join(__dirname, '..', 'test-results', 'perf-login.json');

type Asset = { path: string; bytes: number; encoding: string; counted: boolean };
type Load = { assets: Asset[]; usableAt: number };

async function loadLoginPage(browser: Browser, baseURL: string, watch: (page: Page) => void): Promise<Load> {
  const context = await browser.newContext({ baseURL });
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

  await page.goto('/mechanic/login', { waitUntil: 'commit' });
  // Usable: the sign-in button is on screen and enabled. Timed inside the page, from navigation start.
  const usableAt = (await (await page.waitForFunction(() => {
    const button = document.querySelector<HTMLButtonElement>('form button[type=submit]');
    return button && !button.disabled && button.getBoundingClientRect().height > 0 ? performance.now() : false;
  }, undefined, { polling: 'raf', timeout: 15_000 })).jsonValue()) as number;
  await page.waitForLoadState('networkidle');

  const assets: Asset[] = [...responses].map(([id, response]) => {
    const path = new URL(response.url).pathname;
    // The page's own files; the config answer (an API call) is listed but not counted.
    return { path, bytes: sizes.get(id) ?? 0, encoding: response.encoding, counted: !path.startsWith('/api/') };
  });
  await context.close();
  return { assets, usableAt };
}

test('the login page is small, and its load time on slow 4G is measured', async ({ browser, baseURL, guard }) => {
  const loads: Load[] = [];
  for (let run = 0; run < RUNS; run++) loads.push(await loadLoginPage(browser, baseURL!, guard.watch));
  const times = loads.map((l) => Math.round(l.usableAt)).sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)];
  const { assets } = loads[0];
  const bytes = assets.filter((a) => a.counted).reduce((sum, a) => sum + a.bytes, 0);
  const lines = assets.map((a) => `  ${String(a.bytes).padStart(7)} B  ${a.encoding.padEnd(8)} ${a.path}`);
  console.log(`login page on slow 4G (bytes as sent, with headers):\n${lines.join('\n')}\n` +
    `  html+js+wasm+css+icon: ${bytes} B (budget ${BUDGET_BYTES} B); usable after ${times.join(', ')} ms ` +
    `(median ${median} ms, budget ${BUDGET_MS} ms${ENFORCE_TIME ? ', enforced' : ', not enforced here'})`);
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, JSON.stringify({
    page: '/mechanic/login',
    network: NETWORK,
    bytes: { total: bytes, budget: BUDGET_BYTES, assets },
    usable_ms: { runs: times, median, budget: BUDGET_MS, enforced: ENFORCE_TIME },
  }, null, 2) + '\n');

  expect(bytes, 'bytes sent for the login page').toBeLessThanOrEqual(BUDGET_BYTES);
  if (ENFORCE_TIME) expect(median, 'milliseconds until the login form is usable').toBeLessThan(BUDGET_MS);
});
