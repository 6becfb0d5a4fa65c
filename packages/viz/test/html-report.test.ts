import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderCompareHtml, renderRunHtml, timelineOf } from '@stormglass/report';
import type { CompareDesign } from '@stormglass/report';
import { buildRunReport, loadCatalogScenario } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The HTML report (`stormglass run --html`, `compare --html`, the file `npm start` writes) as its
 * reader sees it: opened from disk in headless Chromium, with the network watched. It must fetch
 * nothing, raise no error, draw every chart, and keep its labels apart and its tables inside the page.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const results = fileURLToPath(new URL('../test-results/', import.meta.url));

function design(name: string): CompareDesign & { html: string } {
  const { scenario } = loadCatalogScenario(name);
  const result = new ModelEngine(scenario!.config).run();
  const report = buildRunReport(scenario!, result, 0);
  const timeline = timelineOf(result);
  return { name, description: scenario!.description, reports: [report], timeline, html: renderRunHtml({ report, timeline, description: scenario!.description, command: `stormglass run ${name}` }) };
}

describe.skipIf(!haveChromium)('the HTML report in Chromium', () => {
  let browser: Browser;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(results, { recursive: true });
    const designs = ['launch-outage-active-active', 'launch-outage-active-passive-async', 'launch-outage-active-passive-sync'].map(design);
    files.run = `${results}report-run.html`;
    writeFileSync(files.run, designs[1].html);
    files.compare = `${results}report-compare.html`;
    writeFileSync(files.compare, renderCompareHtml({ designs, seeds: [1], command: 'stormglass compare …' }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (request.url() !== url) problems.push(`request: ${request.url()}`);
    });
    await page.goto(url);
    return { page, problems };
  }

  /** Pairs of marker labels whose boxes overlap, in any chart of the page. */
  const overlappingLabels = (page: Page): Promise<string[]> =>
    page.evaluate(() => {
      const out: string[] = [];
      for (const svg of document.querySelectorAll('svg.chart')) {
        const boxes = [...svg.querySelectorAll('.marker-label')].map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }));
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].box;
            const b = boxes[j].box;
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`${boxes[i].text} / ${boxes[j].text}`);
          }
        }
      }
      return out;
    });

  for (const kind of ['run', 'compare'] as const) {
    it(`the ${kind} report opens offline, fetches nothing, draws every chart and keeps its labels apart`, async () => {
      const { page, problems } = await open(files[kind]);
      const charts = await page.evaluate(() => [...document.querySelectorAll('svg')].filter((s) => s.closest('details:not([open])') === null).map((s) => s.getBoundingClientRect()).map((r) => r.width * r.height));
      expect(charts.length).toBeGreaterThan(5);
      expect(charts.filter((area) => area === 0)).toEqual([]);
      expect(await overlappingLabels(page)).toEqual([]);
      // Nothing wider than the page: a reader never scrolls sideways at 1100 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1100);
      const data = await page.evaluate(() => JSON.parse(document.getElementById('stormglass-data')?.textContent ?? 'null') as { kind: string });
      expect(data.kind).toBe(kind);
      await page.screenshot({ path: `${results}report-${kind}.png`, fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });
  }
});
