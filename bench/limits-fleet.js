// Limits benchmark: a 100,000-GPU fleet (12,500 DGX H100 nodes, one pool) under a heavy synthetic
// workload — jobs of 1 to 1,024 GPUs at about 85 % offered load for a week — through the public API
// (parseScenario + simulateScenario), as `simulate scenario.yaml` runs it. Prints wall time, jobs,
// events, events/s, RSS along the way and peak RSS (process.resourceUsage().maxRSS). Not a test.
//
// Usage: npm run bench:limits -- [--nodes 12500] [--days 7] [--load 0.85] [--scheduler easy-backfill]
import { performance } from 'node:perf_hooks';
import { parseScenario } from '../dist/scenario/load-scenario.js';
import { simulateScenario } from '../dist/simulate/simulate.js';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc), []),
);
const nodes = Number(args.nodes ?? 12_500);
const days = Number(args.days ?? 7);
const load = Number(args.load ?? 0.85);
const scheduler = args.scheduler ?? 'easy-backfill';
const gpus = nodes * 8;

// Sizes 1..1024 GPUs, mostly small; reference time lognormal with a mean of 64 GPU-hours per job.
const sizes = [1, 2, 4, 8, 16, 64, 256, 1024];
const weights = [30, 20, 15, 15, 10, 6, 3, 1];
const meanGpuHours = 64;
// Offered load = rate × E[GPU-hours on the reference device] / (GPUs × speed-up of H100 over A100 at bf16).
const speedUp = 989.5 / 312;
const ratePerHour = (load * gpus * speedUp) / meanGpuHours;

const scenario = parseScenario(
  `
name: limits-fleet
seed: 11
horizon: ${days} days
warmup: ${+(days / 7).toFixed(3)} days
scheduler: ${scheduler}
sites:
  dc: { nodes: { type: dgx-h100, count: ${nodes} } }
workloads:
  - name: jobs
    arrivals: { rate: ${ratePerHour.toFixed(2)} /h }
    devices: { kind: empirical, values: [${sizes.join(', ')}], weights: [${weights.join(', ')}] }
    work: { reference_time: { kind: lognormal, mean: ${meanGpuHours} h, sd: ${3 * meanGpuHours} h } }
`,
  'limits-fleet.yaml',
);

const rss = [];
const started = performance.now();
const sample = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
// shouldStop makes the run yield to the event loop between slices, so the RSS sampler gets its turns.
const result = await simulateScenario(scenario, { shouldStop: () => false });
clearInterval(sample);
const seconds = (performance.now() - started) / 1000;
const r = result.replications[0];
const mb = (b) => (b / 2 ** 20).toFixed(0);
console.log(`${gpus.toLocaleString('en-US')} GPUs (${nodes.toLocaleString('en-US')} × dgx-h100), ${scheduler}, ${days} days at offered load ${load} (${ratePerHour.toFixed(0)} jobs/h)`);
console.log(
  `${r.jobs.submitted.toLocaleString('en-US')} jobs submitted, ${r.jobs.completed.toLocaleString('en-US')} completed in the window, ${r.events.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s (${Math.round(r.events / seconds).toLocaleString('en-US')} events/s)`,
);
console.log(`utilisation ${(r.pools['dc/main'].utilisation * 100).toFixed(1)} %, mean wait ${(r.jobs.wait.mean / 60).toFixed(1)} min, complete: ${result.complete}`);
console.log(`RSS every second (MB): ${rss.map(mb).join(' ')}`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
