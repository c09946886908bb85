// Report-generation benchmark for sweeps: simulates a 10 × 10 sweep (cluster size × arrival rate,
// 5 replications of 30 days each, so every result has full time series and sketches), then times
// building the report model and rendering HTML, Markdown and CSV from the 100 results.
// Target (issue "Reports people decide from"): under 5 s for 100 variants. Not a test.
//
// Usage: npm run build && node bench/report-sweep.js [--variants 100] [--out reports/bench-sweep.html]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseScenario } from '../dist/scenario/load-scenario.js';
import { simulate } from '../dist/simulate/simulate.js';
import { buildReport, sweepReportInputs } from '../dist/report/report-model.js';
import { renderHtmlReport } from '../dist/report/html-report.js';
import { renderMarkdownReport } from '../dist/report/markdown-report.js';
import { reportCsvFiles } from '../dist/report/csv-export.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const count = Number(args.variants ?? 100);
const out = args.out ?? 'reports/bench-sweep.html';

const yaml = (nodes, rate) => `name: sweep
seed: 5
horizon: 30 days
warmup: 2 days
replications: 5
reference: { device: ref-gpu, precision: bf16 }
profiles:
  ref-gpu: { id: ref-gpu, kind: gpu, name: Reference GPU, vendor: bench, peak: { bf16: 100 TFLOPS }, power: { max: 700 W } }
  ref-cpu: { id: ref-cpu, kind: cpu, name: Reference CPU, vendor: bench, peak: { fp64: 1 TFLOPS }, power: { max: 300 W } }
  node8: { id: node8, kind: node, name: eight reference GPUs, vendor: bench, accelerators: { profile: ref-gpu, count: 8 }, cpus: { profile: ref-cpu, count: 2 }, price: 250000 USD }
sites:
  lab:
    nodes: { type: node8, count: ${nodes} }
workloads:
  - name: training
    arrivals: { rate: ${rate} /h }
    devices: { kind: empirical, values: [1, 2, 4, 8, 16], weights: [4, 3, 2, 2, 1] }
    work: { reference_time: { kind: lognormal, mean: 6 h, sd: 12 h } }
  - name: fine-tuning
    arrivals: { rate: ${rate * 2} /h }
    devices: { kind: empirical, values: [1, 2, 4], weights: [3, 2, 1] }
    work: { reference_time: { kind: exponential, mean: 1 h } }
`;

const side = Math.ceil(Math.sqrt(count));
const variants = [];
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  const nodes = 4 + 2 * (i % side);
  const rate = Number((1 + 0.5 * Math.floor(i / side)).toFixed(2));
  const result = simulate(parseScenario(yaml(nodes, rate), `nodes-${nodes}-rate-${rate}.yaml`));
  variants.push({ id: `n${nodes}-r${rate}`, parameters: { nodes, rate_per_hour: rate }, result: JSON.parse(JSON.stringify(result)) });
}
console.log(`simulated ${count} variants in ${((performance.now() - t0) / 1000).toFixed(1)} s (not part of the measurement)`);

const t1 = performance.now();
const model = buildReport(sweepReportInputs(variants), { title: `Sweep of ${count} variants` });
const t2 = performance.now();
const html = renderHtmlReport(model);
const t3 = performance.now();
const md = renderMarkdownReport(model);
const csv = reportCsvFiles(
  model,
  variants.map((v) => v.result),
);
const t4 = performance.now();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
const csvBytes = csv.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
console.log(
  `model ${(t2 - t1).toFixed(0)} ms, HTML ${(t3 - t2).toFixed(0)} ms (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB), Markdown + CSV ${(t4 - t3).toFixed(0)} ms (${(Buffer.byteLength(md) / 1024).toFixed(0)} KiB + ${csv.length} files, ${(csvBytes / 1024).toFixed(0)} KiB)`,
);
console.log(`report generation for ${count} variants: ${((t4 - t1) / 1000).toFixed(2)} s (target < 5 s) → ${out}`);
