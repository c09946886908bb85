// Trace-replay benchmark: generates a synthetic job trace as CSV (Poisson arrivals, heavy-tailed sizes
// and lognormal runtimes with user estimates 1–3× the runtime), then replays it through the public API
// (parseScenario + simulateScenario: the streamed trace path) on a cluster of DGX H100 nodes under EASY
// backfill. Prints wall time, jobs/s, RSS every 5 s of the replay and peak RSS. Not a test: never gate CI on it.
//
// Usage: npm run bench:replay -- [--jobs 1000000] [--nodes 1250] [--load 0.9] [--scheduler easy-backfill]
//        node bench/trace-replay.js --stream-only --jobs 10000000   (read the CSV only: memory must stay flat)
//
// `npm run bench:replay` without options then runs the saturated case of bench/saturated-replay.js: a
// real log (KTH SP2, repeated and overloaded) under FCFS and EASY by this build and a parent commit, side
// by side. `--case synthetic` or `--case saturated` runs one case only (the saturated case's options are
// in its file); any option above alone selects the synthetic case.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseScenario } from '../dist/scenario/load-scenario.js';
import { simulateScenario } from '../dist/simulate/simulate.js';
import { readCsvTrace } from '../dist/traces/index.js';
import { RandomStreams } from '../dist/engine/index.js';
import { saturatedReplay } from './saturated-replay.js';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc), []),
);
// With no option both cases run; options of the synthetic case alone select it (as they always did).
const synthetic = ['jobs', 'nodes', 'load', 'scheduler', 'stream-only'].some((k) => k in args);
const which = args.case ?? (synthetic ? 'synthetic' : 'both');
if (which === 'saturated') {
  await saturatedReplay(args);
  process.exit();
}
const jobs = Number(args.jobs ?? 1_000_000);
const nodes = Number(args.nodes ?? 1250);
const load = Number(args.load ?? 0.9);
const scheduler = args.scheduler ?? 'easy-backfill';
const gpus = nodes * 8;

// Sizes: 1..256 GPUs, mostly small (P(size = 2^k) ∝ 2^-k/1.3), mean ≈ 4.5 GPUs; runtimes lognormal, mean 1 h.
const sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const weights = sizes.map((_, k) => 0.6 ** k);
const totalW = weights.reduce((a, b) => a + b, 0);
const meanSize = sizes.reduce((s, v, k) => s + (v * weights[k]) / totalW, 0);
const meanRuntime = 3600;
const rate = (load * gpus) / (meanSize * meanRuntime); // jobs per second for the offered load

const dir = mkdtempSync(join(tmpdir(), 'trace-bench-'));
const file = join(dir, 'jobs.csv');
const t0 = performance.now();
await generate(file);
const genSeconds = (performance.now() - t0) / 1000;
console.log(`generated ${jobs.toLocaleString('en-US')} jobs in ${genSeconds.toFixed(1)} s: ${file}`);

try {
  if (args['stream-only']) {
    let n = 0;
    const start = performance.now();
    const rss = [];
    for await (const job of readCsvTrace(file, { columns: { submit: 'submit', devices: 'gpus', runtime: 'runtime', requestedTime: 'estimate' } })) {
      if (++n % Math.max(1, Math.floor(jobs / 10)) === 0) rss.push(process.memoryUsage().rss);
      void job;
    }
    const s = (performance.now() - start) / 1000;
    console.log(`streamed ${n.toLocaleString('en-US')} rows in ${s.toFixed(1)} s (${Math.round(n / s).toLocaleString('en-US')} rows/s)`);
    console.log(`RSS at 10%…100% of the read (MB): ${rss.map((r) => (r / 2 ** 20).toFixed(0)).join(' ')}`);
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } else {
    const horizon = Math.ceil((jobs / rate) * 1.02 + 86_400); // the trace span plus a day to drain
    const scenario = parseScenario(`
name: trace-replay-bench
horizon: ${horizon} s
scheduler: ${scheduler}
sites:
  dc: { nodes: { type: dgx-h100, count: ${nodes} } }
workloads:
  - name: jobs
    kind: trace
    trace: { file: '${file}', format: csv, columns: { submit: submit, devices: gpus, runtime: runtime, requestedTime: estimate } }
    estimates: trace
`);
    const start = performance.now();
    // The trace path awaits between row batches, so a timer can sample RSS during the replay.
    const rss = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 5000);
    const result = await simulateScenario(scenario);
    clearInterval(sampler);
    const s = (performance.now() - start) / 1000;
    const r = result.replications[0];
    console.log(
      `${scheduler}: ${r.jobs.completed.toLocaleString('en-US')} jobs on ${gpus.toLocaleString('en-US')} GPUs (offered load ${load}) in ${s.toFixed(1)} s = ${Math.round(r.jobs.completed / s).toLocaleString('en-US')} jobs/s, ${r.events.toLocaleString('en-US')} events`,
    );
    console.log(`utilisation ${(r.pools['dc/main'].utilisation * 100).toFixed(1)} %, mean wait ${(r.jobs.wait.mean / 60).toFixed(1)} min, p95 ${(r.jobs.wait.p95 / 60).toFixed(1)} min`);
    console.log(`RSS every 5 s of the replay (MB): ${rss.map((b) => (b / 2 ** 20).toFixed(0)).join(' ')}`);
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (which === 'both') await saturatedReplay({ before: args.before });

async function generate(path) {
  const rng = new RandomStreams(1).stream('bench/trace');
  const out = createWriteStream(path);
  out.write('submit,gpus,runtime,estimate\n');
  let t = 0;
  let buf = '';
  for (let i = 0; i < jobs; i++) {
    t += -Math.log(rng.uniformOpen()) / rate;
    let u = rng.uniform() * totalW;
    let k = 0;
    while (u > weights[k] && k < sizes.length - 1) u -= weights[k++];
    // lognormal with mean 1 h and sigma 1: mu = ln(mean) − sigma²/2
    const z = Math.sqrt(-2 * Math.log(rng.uniformOpen())) * Math.cos(2 * Math.PI * rng.uniform());
    const runtime = Math.max(1, Math.round(Math.exp(Math.log(meanRuntime) - 0.5 + z)));
    const estimate = Math.round(runtime * (1 + 2 * rng.uniform()));
    buf += `${t.toFixed(3)},${sizes[k]},${runtime},${estimate}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
