import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildQueueReport, catalogQueueBasics, catalogSource, launchDayModel, loadCatalogScenario } from '@stormglass/scenarios';
import { runModel } from '@stormglass/sim-core';
import type { ModelConfig } from '@stormglass/sim-core';
import type { QueueReport } from '@stormglass/scenarios';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { preview } from 'vite';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The built site in headless Chromium (Debian's package, never a downloaded browser).
 * The central check is determinism across runtimes: the report the page computes in a Web
 * Worker must be byte-identical to the one Node computes for the same parameters.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const root = fileURLToPath(new URL('..', import.meta.url));
const screenshots = fileURLToPath(new URL('../test-results/', import.meta.url));

if (!haveChromium && process.env.CI) {
  throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);
}

describe.skipIf(!haveChromium)('the visualizer in Chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  let baseUrl: string;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(`${root}dist/index.html`)) throw new Error('packages/viz/dist is missing: build first (nx runs build before test)');
    server = await preview({ root, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    baseUrl = server.resolvedUrls?.local[0] ?? '';
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(fragment: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${baseUrl}${fragment}`);
    await page.waitForFunction(() => window.__stormglass?.ready === true, undefined, { timeout: 30_000 });
    return page;
  }

  const readReport = (page: Page): Promise<QueueReport> => page.evaluate(() => window.__stormglass.report as QueueReport);

  it('computes in a Web Worker the same report, byte for byte, as Node', async () => {
    const page = await open('#servers=4&utilisation=0.8&serviceMeanMs=100&seed=7&customers=20000');
    const inBrowser = await readReport(page);
    const inNode = buildQueueReport({
      servers: 4,
      serviceMeanUs: 100_000,
      arrivalRatePerS: 32,
      customers: 20_000,
      seed: 7,
      start: 'steady',
      sweepUtilisations: [...catalogQueueBasics.sweepUtilisations],
    });
    expect(JSON.stringify(inBrowser)).toBe(JSON.stringify(inNode));
    expect(await page.locator('#figures tbody tr').count()).toBe(7);
    await page.screenshot({ path: `${screenshots}queue-basics.png`, fullPage: true });
    await page.close();
  });

  it('runs the request-level model in a Web Worker to the same result, byte for byte, as Node', async () => {
    // Four minutes of the launch-day topology with its faults moved into the window: routing,
    // health checks, DNS cohorts, breakers, fallbacks, retries and autoscaling all take part.
    const S = 1_000_000;
    const config: ModelConfig = {
      ...launchDayModel({ durationUs: 240 * S, seed: 3 }),
      faults: [
        { kind: 'region-outage', region: 'us-east', startUs: 60 * S, durationUs: 60 * S },
        { kind: 'dependency-brownout', dependency: 'payments', startUs: 150 * S, durationUs: 60 * S, errorRatio: 0.7, addedLatencyUs: 300_000 },
        { kind: 'link-degradation', between: ['eu-west', 'ap-southeast'], direction: 'both', startUs: 30 * S, durationUs: 90 * S, addedLatencyUs: 20_000, addedLossRatio: 0.01 },
      ],
    };
    const page = await open('#servers=4&utilisation=0.5&serviceMeanMs=100&seed=1&customers=2000');
    const inBrowser = await page.evaluate((c) => window.__stormglass.runModel(c), config);
    const inNode = runModel(config);
    expect(inNode.users.started).toBeGreaterThan(100_000);
    expect(inNode.conservation).toEqual([]);
    expect(inBrowser.digest).toBe(inNode.digest);
    expect(JSON.stringify(inBrowser)).toBe(JSON.stringify(inNode));
    await page.close();
  }, 60_000);

  it('loads a catalog scenario from its YAML in a Web Worker, and runs it, byte for byte as Node does', async () => {
    const sets = ['duration=2m', 'seed=5'];
    const text = catalogSource('queue-basics') ?? '';
    const page = await open('#servers=4&utilisation=0.5&serviceMeanMs=100&seed=1&customers=2000');
    const inBrowser = await page.evaluate(([t, s]) => window.__stormglass.runScenario(t as string, 'catalog/queue-basics.yaml', s as string[]), [text, sets] as const);
    const loaded = loadCatalogScenario('queue-basics', { sets });
    expect(loaded.problems).toEqual([]);
    expect(JSON.stringify(inBrowser.config)).toBe(JSON.stringify(loaded.scenario?.config));
    const inNode = runModel(loaded.scenario!.config);
    expect(inNode.users.started).toBeGreaterThan(30_000);
    expect(inBrowser.result.digest).toBe(inNode.digest);
    expect(JSON.stringify(inBrowser.result)).toBe(JSON.stringify(inNode));
    // A bad file comes back as its problems, never as a stack.
    const bad = await page.evaluate(([t]) => window.__stormglass.runScenario(t as string, 'mine.yaml', []).then(() => 'ran', (error: Error) => error.message), [text.replace('duration: 10m', 'duration: 10mins')] as const);
    expect(bad).toBe('mine.yaml:28:11 duration: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "mins") — did you mean "10m"?');
    await page.close();
  }, 60_000);

  it('re-runs when a slider moves and keeps the state in the URL fragment', async () => {
    const page = await open('#servers=4&utilisation=0.8&serviceMeanMs=100&seed=1&customers=10000');
    const before = await page.evaluate(() => window.__stormglass.digest);
    await page.locator('#servers').fill('16');
    await page.waitForFunction(() => window.__stormglass.ready && window.__stormglass.report?.parameters.servers === 16, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => window.__stormglass.digest)).not.toBe(before);
    expect(new URL(page.url()).hash).toContain('servers=16');
    await page.close();
  });

  it('a malformed link falls back to defaults instead of breaking the page', async () => {
    const page = await open('#servers=abc&utilisation=7&seed=-1&customers=1e99&__proto__=1');
    const report = await readReport(page);
    expect(report.parameters.servers).toBe(catalogQueueBasics.defaults.servers);
    expect(report.parameters.utilisation).toBeCloseTo(catalogQueueBasics.defaults.utilisation, 12);
    await page.close();
  });

  it('logs no errors in the console', () => {
    expect(problems).toEqual([]);
  });
});
