// M/M/c benchmark of the product path, side by side in one run with the floor and a reference DES:
//   product        the scenario (Poisson arrivals, exponential service, c one-device nodes, FCFS) run by
//                  simulate() — the code behind `simulate scenario.yaml` once the YAML is parsed
//   engine calendar  the product's event calendar (src/engine/simulation.ts) driving a hand-written
//                  M/M/c: what the calendar alone costs
//   bare heap      a typed-array binary heap driving the same hand-written M/M/c: the floor
//   simjs 2.0.3    Sim + Facility (FCFS), a published JavaScript DES
// Models are in ./mmc-models.js. Two cases: a loaded queue (ρ = λ/cμ = 0.9 by default) and a saturated
// one (ρ = 1.1: the queue grows all run long). Arrivals stop at the horizon and so does every runner.
//
// Runners are interleaved round-robin after a warm-up run; wall times are medians, and ratios are medians
// of per-round ratios of jobs/s, which keeps a noisy shared machine fair. The ratios compare jobs (the
// same work for all four), not events: the product schedules more events per job than the others.
//
// Usage: npm run bench -- [--jobs 200000] [--servers 8] [--rho 0.9] [--saturated-rho 1.1] [--mu 1]
//                         [--reps 5] [--simjs-reps 3 (0 skips simjs)] [--seed 1]
// Benchmarks never run in CI.
import { performance } from 'node:perf_hooks';
import { productScenario, runBareHeap, runEngineCalendar, runProduct, runSimjs } from './mmc-models.js';
import { mmcMeanWait } from '../dist/metrics/queueing-theory.js';

const options = parseArgs(process.argv.slice(2), {
  jobs: 200_000,
  servers: 8,
  rho: 0.9,
  'saturated-rho': 1.1,
  mu: 1,
  reps: 5,
  'simjs-reps': 3,
  seed: 1,
});

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--') || !(flag.slice(2) in defaults)) {
      console.error(
        `unknown option ${flag}; options: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
      process.exit(2);
    }
    const value = Number(argv[++i]);
    if (!Number.isFinite(value)) {
      console.error(`${flag} needs a number`);
      process.exit(2);
    }
    out[flag.slice(2)] = value;
  }
  return out;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Runs every runner `reps` times, interleaved, after one untimed warm-up run on a tenth of the horizon. */
function measure(runners, model) {
  const warm = { ...model, horizon: model.horizon / 10 };
  for (const r of runners) r.run(warm, options.seed + 1000, r.prepare?.(warm, options.seed + 1000));
  const times = runners.map(() => []);
  const results = [];
  const rounds = Math.max(...runners.map((r) => r.reps));
  for (let round = 0; round < rounds; round++) {
    runners.forEach((r, i) => {
      if (round >= r.reps) return;
      const prepared = r.prepare?.(model, options.seed);
      const t0 = performance.now();
      results[i] = r.run(model, options.seed, prepared);
      times[i].push((performance.now() - t0) / 1000);
    });
  }
  return runners.map((r, i) => ({ ...r, ...results[i], times: times[i], wall: median(times[i]) }));
}

/** Median over rounds of (jobs/s of a) / (jobs/s of b). */
function jobsRateRatio(a, b) {
  const n = Math.min(a.times.length, b.times.length);
  const ratios = [];
  for (let k = 0; k < n; k++) ratios.push(a.arrived / a.times[k] / (b.arrived / b.times[k]));
  return median(ratios);
}

const runners = [
  {
    name: 'product',
    what: 'simulate(scenario): the scenario a user writes, run as `simulate scenario.yaml` runs it (YAML parsed before timing)',
    run: runProduct,
    prepare: productScenario,
    reps: options.reps,
  },
  { name: 'engine calendar', what: "the product's Simulation calendar driving a hand-written M/M/c (no model, no statistics)", run: runEngineCalendar, reps: options.reps },
  { name: 'bare heap', what: 'a typed-array binary heap driving the same hand-written M/M/c: the floor', run: runBareHeap, reps: options.reps },
];
if (options['simjs-reps'] > 0) {
  runners.push({ name: 'simjs 2.0.3', what: 'simjs Sim + Facility (FCFS) on the same M/M/c; mean wait of served customers', run: runSimjs, reps: options['simjs-reps'] });
}

const { servers: C, mu: MU } = options;
console.log(`M/M/${C} benchmark, node ${process.version}; ${options.reps} interleaved reps (simjs ${options['simjs-reps']}) after a warm-up; medians.`);
console.log('What each line measures:');
for (const r of runners) console.log(`  ${r.name.padEnd(16)} ${r.what}`);
const parse0 = performance.now();
productScenario({ servers: C, lambda: options.rho * C * MU, mu: MU, horizon: 1 }, options.seed);
console.log(`  (parsing the scenario YAML, untimed above, took ${fmt(performance.now() - parse0, 1)} ms once, cold)`);

for (const [label, rho] of [
  ['loaded', options.rho],
  ['saturated', options['saturated-rho']],
]) {
  const lambda = rho * C * MU;
  const model = { servers: C, lambda, mu: MU, horizon: options.jobs / lambda };
  const theory = rho < 1 ? `Erlang C Wq = ${mmcMeanWait(lambda, MU, C).toFixed(4)} s` : 'no steady state: the queue grows by about ' + fmt((lambda - C * MU) * model.horizon) + ' jobs over the run';
  console.log('');
  console.log(`${label}: λ = ${fmt(lambda, 2)}/s, μ = ${MU}/s, c = ${C}, ρ = ${rho}, horizon ${fmt(model.horizon, 0)} s (≈ ${fmt(options.jobs)} arrivals); ${theory}`);
  const rows = measure(runners, model);
  console.log('runner             wall(s)   jobs/s       events/s     arrived   started  mean wait(s)');
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(16)} ${fmt(r.wall, 3).padStart(8)} ${fmt(r.arrived / r.wall).padStart(10)} ${fmt(r.events / r.wall).padStart(12)} ${fmt(r.arrived).padStart(11)} ${fmt(r.started).padStart(9)}   ${r.meanWait.toFixed(4)}`,
    );
  }
  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
  const product = byName['product'];
  console.log('ratios of jobs/s (median of per-round ratios; > 1 = faster):');
  console.log(`  product / bare heap        ${jobsRateRatio(product, byName['bare heap']).toFixed(3)}`);
  console.log(`  product / engine calendar  ${jobsRateRatio(product, byName['engine calendar']).toFixed(3)}`);
  if (byName['simjs 2.0.3']) console.log(`  product / simjs            ${jobsRateRatio(product, byName['simjs 2.0.3']).toFixed(3)}`);
  console.log(`  engine calendar / bare heap ${jobsRateRatio(byName['engine calendar'], byName['bare heap']).toFixed(3)}`);
  console.log(`  product: ${fmt(product.events / product.arrived, 2)} engine events per job (the others: about 2)`);
}
