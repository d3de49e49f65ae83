// Browser tests: Debian's Chromium against the real felix-hub binary, one throwaway database per
// server. Each server runs one configuration of the flags; a test file picks its server with
// `test.use({ baseURL: servers.… })`.
import { defineConfig } from '@playwright/test';

export const servers = {
  /** Every rollout flag off, Hebrew by default: the baseline before the rollout. */
  off: 'http://127.0.0.1:3101',
  /** Every rollout flag on (Telegram without a bot token, so its messages are skipped). */
  on: 'http://127.0.0.1:3102',
  /** Flags off with DEFAULT_LANGUAGE=ru: the default language is a runtime setting too. */
  russian: 'http://127.0.0.1:3103',
  /** Every flag on, over a FelixPartsBot shop that `felix-hub import-legacy` brought across. */
  legacy: 'http://127.0.0.1:3104',
  /** Flags off on the demo, for the tests that override flags while pages are open (they clear
   * every override they set, but other tests never share this server's flags). */
  live: 'http://127.0.0.1:3105',
} as const;

/** The FelixPartsBot database of the import tests (server/tests/fixtures/), for the legacy server. */
const LEGACY_SQL = ['felixpartsbot-schema.sql', 'felixpartsbot-data.sql'].map((f) => `../server/tests/fixtures/${f}`).join(' ');

const flags = (on: boolean) => ({
  ENABLE_CAR_NUMBER: String(on),
  ENABLE_PART_CATEGORIES: String(on),
  ENABLE_TG_ADMIN_NOTIFS: String(on),
  ENABLE_TG_MECH_NOTIFS: String(on),
  ENABLE_MECH_I18N: String(on),
  ENABLE_UI_REFRESH: String(on),
});

/** A felix-hub on `url`'s port with `env`; with `demo`, on the demo data (`felix-hub demo`). */
function felixHub(url: string, env: Record<string, string>, { demo }: { demo: boolean }) {
  const port = new URL(url).port;
  return {
    command: `./serve.sh ${port}${demo ? ' --demo' : ''}`,
    url: `${url}/health`,
    // The developer's own environment must not leak flags into a configuration.
    env: { DEFAULT_LANGUAGE: 'he', TELEGRAM_BOT_TOKEN: '', ADMIN_CHAT_IDS: '', ...env },
    timeout: 90_000,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  };
}

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: servers.off,
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    timezoneId: 'Asia/Jerusalem',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [
    // The tests sign in with the demo accounts and read its catalog.
    felixHub(servers.off, flags(false), { demo: true }),
    felixHub(servers.on, flags(true), { demo: true }),
    felixHub(servers.russian, { ...flags(false), DEFAULT_LANGUAGE: 'ru' }, { demo: true }),
    // Its database is what import-legacy made of a FelixPartsBot shop, in place of the demo.
    felixHub(servers.legacy, { ...flags(true), FELIX_LEGACY_SQL: LEGACY_SQL }, { demo: false }),
    felixHub(servers.live, flags(false), { demo: true }),
  ],
});
