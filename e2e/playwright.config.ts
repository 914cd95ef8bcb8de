// Browser tests against a freshly built `atende` on a temporary SQLite
// database. Chromium is Debian's (/usr/bin/chromium): Playwright never
// downloads a browser here. `cargo xtask e2e` builds the server and the SPA
// first; run that instead of calling Playwright directly.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 18765);
const root = path.resolve(__dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-e2e-'));
const binary = process.env.E2E_ATENDE_BIN ?? path.join(root, 'target', 'debug', 'atende');

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `${binary} serve`,
    url: `http://127.0.0.1:${port}/health/ready`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      ATENDE_PORT: String(port),
      ATENDE_DATABASE_URL: `sqlite://${path.join(dataDir, 'atende.db')}?mode=rwc`,
      ATENDE_SPA_DIR: path.join(root, 'frontend', 'dist'),
      // Uploaded files go with the temporary database, not into e2e/data.
      ATENDE_ATTACHMENTS_DIR: path.join(dataDir, 'attachments'),
      // The key that seals secrets at rest, with the temporary database
      // too (by default the server would write e2e/data/secret.key).
      ATENDE_SECRET_KEY_FILE: path.join(dataDir, 'secret.key'),
      ATENDE_DEMO_DATA: 'true',
      // Specs create the data they count; no sample tickets or pending items.
      ATENDE_DEMO_SAMPLES: 'false',
      ATENDE_LOG_LEVEL: 'warn',
      // Every test signs in from 127.0.0.1; the default (10 sign-in and MFA
      // attempts a minute per address) would turn later specs away. The
      // limit itself is tested in crates/atende-api.
      ATENDE_AUTH_RATE_LIMIT_PER_MINUTE: '600',
      // The SLA spec moves the server's clock forward (POST /api/v1/test/clock,
      // debug builds only) and watches the alerts the job worker fires: a
      // short poll makes them arrive within a fraction of a second.
      ATENDE_TEST_CLOCK: 'true',
      ATENDE_JOBS_POLL_INTERVAL_MS: '200',
      // The webhooks spec runs its receiver on 127.0.0.1; outbound calls to
      // loopback are refused unless allowed (figment reads the list).
      ATENDE_OUTBOUND_ALLOWED_NETWORKS: '["127.0.0.1"]',
    },
  },
});
