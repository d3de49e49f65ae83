// Browser tests: Debian's Chromium against the real felix-hub binary, one throwaway database per server.
import { defineConfig } from '@playwright/test';

// Each server runs a configuration of the six flags; tests pick theirs by base URL.
export const servers = {
  flagsOff: 'http://127.0.0.1:3101',
} as const;

function felixHub(url: string, env: Record<string, string> = {}) {
  const port = new URL(url).port;
  return {
    command: `./serve.sh ${port}`,
    url: `${url}/health`,
    env,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  };
}

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: servers.flagsOff,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [felixHub(servers.flagsOff)],
});
