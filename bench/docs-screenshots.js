// Regenerates the screenshots the docs show (never run in CI: `npm run docs:screenshots`).
// docs/images/2026-accelerator-choice.png: the HTML report of the bundled comparison
// scenarios/tco/2026-accelerator-choice/ (eight options, one demand), written by the CLI exactly as
// a user runs it, opened in Debian's headless Chromium (/usr/bin/chromium through playwright-core,
// never a downloaded browser), offline. The picture is the top of the report — header, results and
// the key-figures table — widened so that all eight columns show, with only the rows the docs' table
// quotes (fleet, utilisation, wait, SLO, TCO, unit costs, emissions); the full report and its
// Markdown stay in reports/.
//
// Usage: npm run docs:screenshots   (builds first; about 15 s of simulation, then the browser)
//        node bench/docs-screenshots.js --reuse   (only the picture, from the report already in reports/)
/* global document, window -- the functions passed to page.evaluate run in the page */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

// Debian's Chromium by default; CI containers and other machines name theirs in CHROMIUM_PATH
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** CSS pixels: the narrowest the picture is (wider when the key-figures table needs it). */
const WIDTH = 1600;
/** Key-figure rows (ids in the HTML report) the picture keeps. */
const SHOWN_ROWS = [
  'kpi-fleet.devices',
  'kpi-pool_onprem_main_.utilisation',
  'kpi-pool_cloud_main_.utilisation',
  'kpi-jobs.wait.p95',
  'kpi-inference_chat-70b_.slo_attainment',
  'kpi-inference_chat-70b_.ttft.p99',
  'kpi-cost.total',
  'kpi-cost.per_gpu_hour',
  'kpi-cost.per_million_tokens',
  'kpi-cost.per_million_training_tokens',
  'kpi-energy.co2e_t',
];
const root = fileURLToPath(new URL('../', import.meta.url));
const folder = 'scenarios/tco/2026-accelerator-choice';
const html = resolve(root, 'reports/2026-accelerator-choice.html');
const md = resolve(root, 'reports/2026-accelerator-choice.md');
const png = resolve(root, 'docs/images/2026-accelerator-choice.png');

if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium)`);
  process.exit(2);
}

const scenarios = readdirSync(join(root, folder))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `${folder}/${f}`);
// --reuse: screenshot the report already in reports/ (after editing this script's picture settings)
if (!(process.argv.includes('--reuse') && existsSync(html)))
  execFileSync(process.execPath, ['bin/simulate.js', 'compare', ...scenarios, '--baseline', 'h100-owned', '--title', '2026 accelerator choice: one demand, owned or rented', '-o', html, '--md', md], {
    cwd: root,
    stdio: 'inherit',
  });

mkdirSync(resolve(root, 'docs/images'), { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ offline: true, colorScheme: 'light', viewport: { width: WIDTH, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  // For the picture only: the page as wide as the table, and the key-figure rows the docs quote.
  await page.evaluate((shown) => {
    // through the CSSOM: the report's Content-Security-Policy refuses added style sheets
    document.body.style.maxWidth = 'none';
    for (const row of document.querySelectorAll('section#kpis table.kpis tbody tr[id]')) if (!shown.includes(row.id)) row.style.display = 'none';
    for (const group of document.querySelectorAll('section#kpis table.kpis tbody tr.group')) {
      let next = group.nextElementSibling;
      let visible = false;
      while (next && !next.classList.contains('group')) {
        if (next.style.display !== 'none') visible = true;
        next = next.nextElementSibling;
      }
      if (!visible) group.style.display = 'none';
    }
  }, SHOWN_ROWS);
  // As wide as the key-figures table needs, so that no column is scrolled away.
  const tableWidth = await page.locator('section#kpis table.kpis').evaluate((t) => t.scrollWidth);
  const width = Math.max(WIDTH, Math.ceil(tableWidth) + 80);
  await page.setViewportSize({ width, height: 1000 });
  // From the top of the page to the end of the key figures.
  const end = await page.locator('section#kpis').evaluate((s) => s.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: png, fullPage: true, clip: { x: 0, y: 0, width, height: Math.ceil(end) + 16 } });
  if (errors.length > 0) throw new Error(`the report logged errors in Chromium:\n${errors.join('\n')}`);
  console.error(`wrote ${png}`);
} finally {
  await browser.close();
}
