// Report size and open-time benchmark: compares 5 variants of the bundled H100 example (24–40 DGX
// nodes, common random numbers), writes the HTML report and opens it in Debian's headless Chromium
// (never a downloaded browser), offline, reporting the file size, the load time and any request.
// Targets (issue "Reports people decide from"): under 2 MB, opens in under 1 s. Not a test.
//
// Usage: npm run build && node bench/report-open.js [--out reports/bench-compare-5.html]
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { Catalog, defaultCatalogDir } from '../dist/scenario/catalog.js';
import { parseScenario } from '../dist/scenario/load-scenario.js';
import { simulateScenario } from '../dist/simulate/simulate.js';
import { buildReport } from '../dist/report/report-model.js';
import { renderHtmlReport } from '../dist/report/html-report.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const out = resolve(args.out ?? 'reports/bench-compare-5.html');
const file = 'scenarios/h100-training-fcfs.yaml';
const text = readFileSync(file, 'utf8');
const catalog = new Catalog(defaultCatalogDir());

const results = [];
for (const nodes of [24, 28, 32, 36, 40]) {
  const yaml = text.replace(/count: 32/, `count: ${nodes}`).replace(/^name: .*$/m, `name: h100-${nodes}-nodes`);
  results.push(await simulateScenario(parseScenario(yaml, file, { catalog })));
}
const t0 = performance.now();
const html = renderHtmlReport(buildReport(results.map((result) => ({ result, source: file }))));
const genMs = performance.now() - t0;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
const size = statSync(out).size;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const times = [];
const requests = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  const started = performance.now();
  await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
  times.push(performance.now() - started);
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
const others = requests.filter((u) => u !== pathToFileURL(out).href);
console.log(`5-scenario report: generated in ${genMs.toFixed(0)} ms, ${(size / 1024).toFixed(0)} KiB (target < 2 MB)`);
console.log(`open in Chromium (goto → load, 5 runs): median ${times[2].toFixed(0)} ms, max ${times[4].toFixed(0)} ms (target < 1 s); requests other than the file: ${others.length}`);
console.log(`→ ${out}`);
