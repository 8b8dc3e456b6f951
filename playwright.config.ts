import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

/**
 * Browser end-to-end tests against the real portal from the README's first command (`npm start`),
 * in Debian's Chromium (`/usr/bin/chromium`; override with CHROMIUM_PATH).
 * Screenshots of the main views go to e2e-test-report/screenshots.
 */
const dataDir = path.join(os.tmpdir(), `slipway-e2e-${process.pid}`);

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }],
  ],
  outputDir: 'e2e-test-report/results',
  // The frontend dev server answers first; globalSetup then waits for the backend.
  webServer: {
    command: 'npm start',
    url: 'http://localhost:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    env: { APP_CONFIG_slipway_dataDir: dataDir },
  },
  globalSetup: './packages/app/e2e-tests/globalSetup.ts',
  use: {
    baseURL: 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
