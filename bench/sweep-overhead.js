// Overhead per variant of a sweep beyond the simulation itself: patching and validating the variant's
// scenario, sending it to a worker thread and its result back (structured clone), writing the variant
// file atomically, and merging every result into the JSON/CSV/Markdown files. Uses a sweep of many
// tiny variants (a short M/M/c run) so the overhead is not hidden by the simulation, with a warm pool
// (thread start-up is reported apart: it is paid once per sweep, not per variant).
// Target (issue "Batch sweeps in CI and beyond one machine"): under 5 ms per variant.
//
// Usage: npm run build && node bench/sweep-overhead.js [--variants 400] [--rounds 3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSweep } from '../dist/sweep/load-sweep.js';
import { runSweep } from '../dist/sweep/run-sweep.js';
import { InlineExecutor, ThreadExecutor } from '../dist/sweep/variant-executor.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const variants = Number(args.variants ?? 400);
const rounds = Number(args.rounds ?? 3);

const work = mkdtempSync(join(tmpdir(), 'sweep-overhead-'));
const sweep = join(work, 'tiny.yaml');
writeFileSync(
  sweep,
  `name: tiny
max_variants: ${variants}
scenario:
  name: tiny
  seed: 1
  horizon: 40 h
  warmup: 4 h
  replications: 1
  reference: { device: ref-gpu, precision: bf16 }
  profiles:
    ref-gpu: { id: ref-gpu, kind: gpu, name: Reference GPU, vendor: bench, peak: { bf16: 100 TFLOPS }, power: { max: 400 W } }
    ref-cpu: { id: ref-cpu, kind: cpu, name: Reference CPU, vendor: bench, peak: { fp64: 1 TFLOPS }, power: { max: 300 W } }
    node4: { id: node4, kind: node, name: four GPUs, vendor: bench, accelerators: { profile: ref-gpu, count: 4 }, cpus: { profile: ref-cpu, count: 1 }, price: 120000 USD }
  sites:
    lab:
      nodes: { type: node4, count: 2 }
  workloads:
    - name: jobs
      arrivals: { rate: 3 /h }
      devices: 1
      work: { reference_time: { kind: exponential, mean: 1 h } }
parameters:
  workloads[0].arrivals.rate: range(1 /h, ${1 + (variants - 1) * 0.01} /h, 0.01 /h)
constraints:
  - p95_wait < 1 h
objectives:
  - minimise: mean_wait
`,
);
const plan = loadSweep(sweep);
if (plan.space.count !== variants) throw new Error(`expected ${variants} variants, got ${plan.space.count}`);
console.log(
  `${variants} variants of a ${plan.definition.replications}-replication M/M/c run; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const t0 = performance.now();
const pool = new ThreadExecutor(1);
await runSweep(plan, { outDir: join(work, 'warm-up'), workers: 1, executor: pool, resume: false });
console.log(`thread start-up and warm-up run: ${((performance.now() - t0) / 1000).toFixed(2)} s (once per sweep)`);

for (const [label, executor] of [
  ['1 worker thread', pool],
  ['main thread (--workers 0)', new InlineExecutor()],
]) {
  const per = [];
  for (let round = 1; round <= rounds; round++) {
    const dir = join(work, `run-${round}`);
    const r = await runSweep(plan, { outDir: dir, workers: 1, executor, resume: false });
    rmSync(dir, { recursive: true, force: true });
    const ms = (x) => (x / variants).toFixed(2);
    const runOverhead = r.timings.runMs - r.simulateMs;
    per.push((r.elapsedMs - r.simulateMs - r.timings.htmlMs) / variants);
    console.log(
      `${label}, round ${round}: ${(r.elapsedMs / 1000).toFixed(2)} s; simulation ${ms(r.simulateMs)} ms/variant; overhead ${ms(runOverhead)} ms/variant running ` +
        `(validate, send, receive, write) + ${ms(r.timings.assembleMs)} ms/variant merging into JSON/CSV/Markdown = ${ms(runOverhead + r.timings.assembleMs)} ms/variant; ` +
        `HTML report ${ms(r.timings.htmlMs)} ms/variant (src/report/)`,
    );
  }
  per.sort((a, b) => a - b);
  console.log(`${label}: median overhead ${per[Math.floor(per.length / 2)].toFixed(2)} ms per variant beyond the simulation (HTML report excluded)`);
}
await pool.close();
rmSync(work, { recursive: true, force: true });
