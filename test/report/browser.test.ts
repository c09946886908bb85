/**
 * Reports in a real browser: Debian's headless Chromium driven by playwright-core (never a downloaded
 * browser; .ci/run installs the `chromium` package). Offline context; every request is recorded.
 * Expected mark counts are computed here from the results' JSON, not from the report model.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costCategories } from '../../src/cost/cost-result.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { buildReport, sweepReportInputs } from '../../src/report/report-model.js';
import type { ResultDocument } from '../../src/report/result-document.js';
import { findTextOverlaps } from '../support/text-overlaps.js';
import { asJson, clusterScenario, run, sweepVariants, withSyntheticCost } from './report-fixtures.js';

// Debian's Chromium by default; CI containers and other machines name theirs in CHROMIUM_PATH
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../', import.meta.url));

/** What the page functions below call on the page's elements (the DOM types are not in this project's lib). */
interface PageElement {
  getAttribute(name: string): string | null;
}
interface SvgPathElement extends PageElement {
  getTotalLength(): number;
}
const outDir = join(root, 'reports', 'browser-tests');
const haveChromium = existsSync(CHROMIUM);

type Rec = Record<string, unknown>;
const summaryOf = (r: ResultDocument) => r.summary as Rec;
const at = (o: unknown, ...path: string[]) => path.reduce<unknown>((x, k) => (x as Rec | undefined)?.[k], o);

interface Opened {
  readonly page: Page;
  readonly requests: string[];
  readonly errors: string[];
  readonly loadMs: number;
}

describe.skipIf(!haveChromium && process.env.REQUIRE_CHROMIUM !== '1')('reports in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  // 1,400 × 900: the window the report's first screen is designed for (the TCO must be in it)
  async function open(file: string, options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<Opened> {
    const context = await browser.newContext({
      offline: true,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      colorScheme: options.colorScheme ?? 'light',
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const started = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const loadMs = performance.now() - started;
    return { page, requests, errors, loadMs };
  }

  /** Pixels of a PNG that differ from its top-left pixel, counted in a blank page's canvas. */
  async function inkedPixels(png: Buffer): Promise<{ inked: number; total: number }> {
    const page = await browser.newPage();
    try {
      return await page.evaluate(async (data) => {
        // browser globals, typed here: the project compiles without the DOM library
        type Img = { src: string; width: number; height: number; decode(): Promise<void> };
        type Ctx = { drawImage(i: Img, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
        type Canvas = { width: number; height: number; getContext(kind: '2d'): Ctx | null };
        const g = globalThis as unknown as { Image: new () => Img; document: { createElement(tag: 'canvas'): Canvas } };
        const img = new g.Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const canvas = g.document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, img.width, img.height).data;
        let inked = 0;
        for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i]! - px[0]!) + Math.abs(px[i + 1]! - px[1]!) + Math.abs(px[i + 2]! - px[2]!) > 30) inked++;
        return { inked, total: px.length / 4 };
      }, png.toString('base64'));
    } finally {
      await page.close();
    }
  }

  /** Vertices of an SVG path written as M…L…L… */
  const vertices = (d: string) => (d.match(/[ML]/g) ?? []).length;

  describe('a comparison of 5 scenarios with costs', () => {
    const devices = [6, 7, 8, 10, 12];
    const results = devices.map((d, i) =>
      withSyntheticCost(
        asJson(run({ ...clusterScenario(d), ...(i === 3 && { name: '<script>window.__pwned = 1</script>' }), ...(i === 4 && { name: '"><img src=x onerror="window.__pwned = 2">' }) })),
        { capex: d * 1e5, monthly: 6e4 - d * 3e3 },
        i === 0,
      ),
    );
    const file = join(outDir, 'compare-5.html');
    let opened: Opened;
    beforeAll(async () => {
      writeFileSync(file, renderHtmlReport(buildReport(results.map((result, i) => ({ result, source: `results/${devices[i]}.json` })))));
      opened = await open(file);
    }, 60_000);

    // (how fast it opens is measured by `npm run bench:report`, not asserted: CI machines are shared)
    it('weighs under 2 MB and opens with no console error and no request but the file itself', () => {
      expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024);
      expect(opened.loadMs).toBeGreaterThan(0);
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([pathToFileURL(file).href]);
    });

    it('utilisation and queue charts: one line per scenario, one vertex per sample', async () => {
      for (const kind of ['utilisation', 'queue']) {
        const paths = opened.page.locator(`figure[data-chart="${kind}"][data-scope="lab/main"] path.mark`);
        expect(await paths.count()).toBe(results.filter((r) => at(r.replications[0], 'timeseries', 'lab/main')).length);
        const ds = await paths.evaluateAll((els: SvgPathElement[]) => els.map((e) => [e.getAttribute('d') ?? '', e.getTotalLength()] as const));
        ds.forEach(([d, length], i) => {
          expect(vertices(d)).toBe((at(results[i]!.replications[0], 'timeseries', 'lab/main', 't') as number[]).length);
          expect(length).toBeGreaterThan(0);
        });
      }
    });

    it('wait CDF: one point per measured quantile per scenario', async () => {
      const expected = results.reduce((n, r) => {
        const wait = at(summaryOf(r), 'jobs', 'wait') as Rec;
        if (!((at(wait, 'count', 'mean') as number) > 0)) return n;
        return n + Object.keys(wait).filter((k) => /^p\d+(_\d+)?$|^max$/.test(k)).length;
      }, 0);
      expect(await opened.page.locator('figure[data-chart="wait-cdf"] circle.mark').count()).toBe(expected);
    });

    it('cost breakdown: one bar segment per non-zero category per scenario; cumulative cost: one line per scenario and a circle per break-even', async () => {
      const segments = results.reduce((n, r) => n + costCategories.filter((c) => (at(summaryOf(r), 'cost', 'by_category', c, 'mean') as number) > 0).length, 0);
      const rects = opened.page.locator('figure[data-chart="cost-breakdown"] rect.mark');
      expect(await rects.count()).toBe(segments);
      for (const w of await rects.evaluateAll((els) => els.map((e) => (e as unknown as { getBBox(): { width: number } }).getBBox().width))) expect(w).toBeGreaterThan(0);
      const cum = (r: ResultDocument) => Object.values(at(summaryOf(r), 'cost', 'per_month', 'cumulative_cash') as Rec).map((e) => (e as { mean: number }).mean);
      const lines = opened.page.locator('figure[data-chart="cumulative-cost"] path.mark');
      expect(await lines.count()).toBe(5);
      for (const d of await lines.evaluateAll((els: PageElement[]) => els.map((e) => e.getAttribute('d') ?? ''))) expect(vertices(d)).toBe(cum(results[0]!).length);
      // the baseline (6 devices) starts cheapest and runs dearest per month: every other line crosses it once
      const crossings = results.slice(1).filter((r) => {
        const b = cum(results[0]!);
        const o = cum(r);
        return o.some((v, m) => m > 0 && Math.sign(v - b[m]!) !== Math.sign(o[0]! - b[0]!));
      }).length;
      expect(crossings).toBeGreaterThan(0);
      expect(await opened.page.locator('figure[data-chart="cumulative-cost"] circle.marker').count()).toBe(crossings);
    });

    it('tornado: two bars per driver', async () => {
      const rows = (at(results[0], 'cost_analysis', 'sensitivity', 'rows') as unknown[]).length;
      expect(await opened.page.locator('figure[data-chart="tornado"] rect.mark').count()).toBe(2 * rows);
    });

    it('hostile scenario names show as text and run nothing', async () => {
      expect(await opened.page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await opened.page.locator('th', { hasText: '<script>window.__pwned = 1</script>' }).count()).toBeGreaterThan(0);
      expect(await opened.page.locator('th', { hasText: '"><img src=x onerror="window.__pwned = 2">' }).count()).toBeGreaterThan(0);
      expect(await opened.page.locator('body script').count()).toBe(2);
      expect(await opened.page.locator('img, iframe, object, embed').count()).toBe(0);
    });

    it('sortable tables sort (JavaScript on)', async () => {
      const table = opened.page.locator('figure[data-chart="cost-breakdown"] table');
      await opened.page.locator('figure[data-chart="cost-breakdown"] details summary').click();
      const totalHeader = table.locator('thead th').last();
      await totalHeader.locator('button').click();
      await totalHeader.locator('button').click();
      const totals = await table.locator('tbody tr td:last-child').evaluateAll((els: PageElement[]) => els.map((e) => Number(e.getAttribute('data-sort'))));
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
      expect(await totalHeader.getAttribute('aria-sort')).toBe('descending');
      expect(opened.errors).toEqual([]);
    });

    it('a screenshot is not blank, in light and dark schemes', async () => {
      for (const scheme of ['light', 'dark'] as const) {
        const o = scheme === 'light' ? opened : await open(file, { colorScheme: scheme });
        const png = await o.page
          .locator('figure[data-chart="utilisation"]')
          .first()
          .screenshot({ path: join(outDir, `compare-5-utilisation-${scheme}.png`) });
        const { inked, total } = await inkedPixels(png);
        expect(inked / total).toBeGreaterThan(0.02);
        expect(o.errors).toEqual([]);
      }
      await opened.page.screenshot({ path: join(outDir, 'compare-5.png'), fullPage: true });
    });

    it('reads without JavaScript: tables and charts are in the page as delivered', async () => {
      const o = await open(file, { javaScriptEnabled: false });
      expect(await o.page.locator('table.kpis tbody tr').count()).toBeGreaterThan(5);
      expect(await o.page.locator('figure[data-chart="utilisation"] path.mark').count()).toBe(5);
      expect(await o.page.locator('thead button').count()).toBe(0);
      expect(o.requests).toHaveLength(1);
    });

    it('at 1,400 × 900 the TCO is in the first screen, the page is no wider than the window, and no two text labels overlap', async () => {
      const wide = opened;
      const tco = await wide.page.locator('table.decision td.cost').first().boundingBox();
      expect(tco).not.toBeNull();
      expect(tco!.y + tco!.height).toBeLessThan(900);
      expect(await wide.page.locator('.decision-headline').textContent()).toMatch(/TCO \d/);
      expect(await wide.page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(1400);
      expect(await wide.page.evaluate(findTextOverlaps, 1)).toEqual([]);
    });

    it('prints to PDF', async () => {
      const pdf = await opened.page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
    });
  });

  describe('a sweep', () => {
    const variants = sweepVariants();
    const file = join(outDir, 'sweep.html');
    let opened: Opened;
    beforeAll(async () => {
      writeFileSync(file, renderHtmlReport(buildReport(sweepReportInputs(variants))));
      opened = await open(file);
    }, 60_000);

    it('heat maps have a cell per variant and the Pareto chart a point per variant; nothing requested, no errors', async () => {
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([pathToFileURL(file).href]);
      const maps = opened.page.locator('figure[data-chart="sweep-heatmap"]');
      expect(await maps.count()).toBe(2);
      for (let i = 0; i < 2; i++) expect(await maps.nth(i).locator('rect.mark').count()).toBe(variants.length);
      expect(await opened.page.locator('figure[data-chart="pareto"] circle.mark').count()).toBe(variants.length);
      const front = await opened.page.locator('figure[data-chart="pareto"] circle.mark.front').count();
      expect(front).toBeGreaterThan(0);
      const d = (await opened.page.locator('figure[data-chart="pareto"] path.front-line').getAttribute('d')) ?? '';
      expect(front === 1 ? d : vertices(d)).toBe(front === 1 ? '' : front);
    });

    it('at 1,400 px the key-figure table fits the page, and no two text labels overlap', async () => {
      const wide = opened;
      const fit = await wide.page.evaluate(() => {
        const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number }; querySelector(s: string): { scrollWidth: number; clientWidth: number } | null } }).document;
        const wrap = d.querySelector('#kpis .table-wrap');
        return { page: d.documentElement.scrollWidth, table: wrap?.scrollWidth, box: wrap?.clientWidth };
      });
      expect(fit.page).toBeLessThanOrEqual(1400);
      expect(fit.table).toBeLessThanOrEqual(fit.box!);
      expect(await wide.page.evaluate(findTextOverlaps, 1)).toEqual([]);
    });
  });

  describe('the overlap check', () => {
    it('finds labels printed over each other in a chart and in a table, and passes them apart', async () => {
      const page = await browser.newPage();
      try {
        const svg = (dx: number) =>
          `<figure id="f${dx}"><svg viewBox="0 0 300 100" width="300" height="100"><text x="10" y="50">break-even at month 12</text><text x="${10 + dx}" y="52">break-even at month 13</text></svg></figure>`;
        await page.setContent(`<!doctype html><body>${svg(20)}${svg(200)}<table><tr><td><div style="width:40px;white-space:nowrap">overflowing cell text</div></td><td>next</td></tr></table></body>`);
        const found = await page.evaluate(findTextOverlaps, 1);
        expect(found.map((o) => o.where)).toEqual(['svg f20', expect.stringMatching(/^table /)]);
      } finally {
        await page.close();
      }
    });
  });
});
