// Same-instant event order, side by side: every job log bundled in data/traces/ replayed under FCFS and
// EASY (users' estimates where the log has them) in today's order (complete-admit-pass) and in pyss's
// (scheduler.same_time_order: pyss), with the pyss simulator's own figures where we have them (SWF logs get
// pyss's job conversion too; the Alibaba GPU pod list only the order, on 4 DGX A100 nodes, small enough to queue); then each log again with its
// arrivals 1.25× faster (trace time_scale 0.8), a busier machine, where the orders drift further apart. Machine size = the log's MaxProcs
// (one-processor nodes); all jobs, no warm-up; wait = start − submit; BSLD = max(1, (wait + run) / max(run, 10 s)).
//
// Usage: npm run build:emit && node bench/same-time-order.js            (prints the Markdown table)
//        npm run build:emit && node bench/same-time-order.js --write    (also replaces the table in docs/traces.md)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseScenario } from '../dist/scenario/load-scenario.js';
import { simulateScenario } from '../dist/simulate/simulate.js';
import { readSwf } from '../dist/traces/index.js';

const root = new URL('../', import.meta.url);
const traces = new URL('data/traces/', root);
const docs = new URL('docs/traces.md', root);

// pyss's figures: FcfsScheduler and EasyBackfillScheduler (user estimates) of pyss on the whole log,
// statistics over every job (pyss's print_statistics drops the first 1 % and tiny jobs; these do not),
// as issue 17 gives them. Keyed by file name, then scheduler.
const PYSS = {
  'KTH-SP2-1996-2.1-cln.swf.gz': {
    fcfs: { wait: 218_980.6, bsld: 4_297.07, digits: [1, 2] },
    'easy-backfill': { wait: 6_412.24, bsld: 86.281, digits: [2, 3] },
  },
};
/** trace time_scale of each run: the log as recorded, and 1.25× the arrival rate */
const TIME_SCALES = [1, 0.8];

const SCHEDULERS = ['fcfs', 'easy-backfill'];
const ORDERS = ['complete-admit-pass', 'pyss'];

async function maxProcs(path) {
  let procs;
  for await (const job of readSwf(path, { onHeader: (h) => (procs = h.maxProcs ?? h.maxNodes) })) {
    void job;
    break;
  }
  if (!(procs > 0)) throw new Error(`${path}: no MaxProcs or MaxNodes in the header`);
  return procs;
}

/** Job logs in other formats: replayed on a GPU fleet of `nodes` nodes (pyss ran SWF only: no reference). */
const OTHER_LOGS = [{ file: 'alibaba-gpu-v2023-openb_pod_list_default.csv', format: 'alibaba-gpu-2023', options: 'gpu_only: true', node: 'dgx-a100-640gb', nodes: 4, gpus: 32 }];

function gpuScenario(log, path, scheduler, order, timeScale) {
  return `
name: same-time-order
horizon: 100 years
scheduler: { kind: ${scheduler}, same_time_order: ${order} }
costs: none
sites:
  dc: { nodes: { type: ${log.node}, count: ${log.nodes} } }
workloads:
  - name: log
    kind: trace
    trace: { file: '${path}', format: ${log.format}, ${log.options}, time_scale: ${timeScale} }
`;
}

function scenario(path, procs, scheduler, order, timeScale) {
  return `
name: same-time-order
horizon: 100 years
scheduler: { kind: ${scheduler}, same_time_order: ${order} }
costs: none
profiles:
  cpu1: { id: cpu1, kind: cpu, name: one processor, vendor: bench, peak: { fp64: 1 GFLOPS } }
  node1: { id: node1, kind: node, name: one-processor node, vendor: bench, cpus: { profile: cpu1, count: 1 } }
reference: { device: cpu1, precision: fp64 }
sites:
  machine: { nodes: { type: node1, count: ${procs} } }
workloads:
  - name: log
    kind: trace
    trace: { file: '${path}', format: swf, time_scale: ${timeScale} }
    precision: fp64
    estimates: trace
`;
}

const fmt = (x, digits) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** ours against pyss's figure: 'equal' when they agree to the digits pyss printed, else the relative difference */
const versus = (ours, reference, digits) => (fmt(ours, digits) === fmt(reference, digits) ? 'equal' : `${ours >= reference ? '+' : '−'}${Math.abs((ours / reference - 1) * 100).toFixed(3)} %`);

const logs = readdirSync(traces)
  .filter((f) => /\.swf(\.gz)?$/.test(f))
  .sort();
// one array of cells per row; the last cell (CPU seconds, which vary run to run) is printed, not written
const rows = [
  ['log', 'processors', 'jobs', 'scheduler', 'order', 'mean wait (s)', 'mean BSLD', 'pyss: mean wait (s)', 'pyss: mean BSLD', 'vs pyss: wait, BSLD', 'CPU (s)'],
  ['---', '---:', '---:', '---', '---', '---:', '---:', '---:', '---:', '---:', '---:'],
];
for (const file of logs) {
  const path = new URL(file, traces).pathname;
  const procs = await maxProcs(path);
  for (const timeScale of TIME_SCALES) {
    for (const scheduler of SCHEDULERS) {
      for (const order of ORDERS) {
        const cpu0 = process.cpuUsage();
        const result = await simulateScenario(parseScenario(scenario(path, procs, scheduler, order, timeScale)));
        const cpu = process.cpuUsage(cpu0);
        const jobs = result.replications[0].jobs;
        // pyss's figures are for the log as recorded
        const ref = timeScale === 1 ? PYSS[file]?.[scheduler] : undefined;
        rows.push([
          timeScale === 1 ? `\`${file}\`` : `\`${file}\`, arrivals ×${fmt(1 / timeScale, 2)} (time_scale ${timeScale})`,
          String(procs),
          jobs.completed.toLocaleString('en-US'),
          scheduler === 'fcfs' ? 'FCFS' : 'EASY (user estimates)',
          order,
          fmt(jobs.wait.mean, 2),
          fmt(jobs.bounded_slowdown.mean, 3),
          ref ? fmt(ref.wait, ref.digits[0]) : '–',
          ref ? fmt(ref.bsld, ref.digits[1]) : '–',
          ref ? `${versus(jobs.wait.mean, ref.wait, ref.digits[0])}, ${versus(jobs.bounded_slowdown.mean, ref.bsld, ref.digits[1])}` : '–',
          ((cpu.user + cpu.system) / 1e6).toFixed(2),
        ]);
      }
    }
  }
}
for (const log of OTHER_LOGS) {
  const path = new URL(log.file, traces).pathname;
  for (const timeScale of TIME_SCALES) {
    for (const scheduler of SCHEDULERS) {
      for (const order of ORDERS) {
        const cpu0 = process.cpuUsage();
        const result = await simulateScenario(parseScenario(gpuScenario(log, path, scheduler, order, timeScale)));
        const cpu = process.cpuUsage(cpu0);
        const jobs = result.replications[0].jobs;
        rows.push([
          `\`${log.file}\`${timeScale === 1 ? '' : `, arrivals ×${fmt(1 / timeScale, 2)} (time_scale ${timeScale})`}`,
          `${log.gpus} GPUs (${log.nodes} × ${log.node})`,
          jobs.completed.toLocaleString('en-US'),
          scheduler === 'fcfs' ? 'FCFS' : 'EASY',
          order,
          fmt(jobs.wait.mean, 2),
          fmt(jobs.bounded_slowdown.mean, 3),
          '–',
          '–',
          '–',
          ((cpu.user + cpu.system) / 1e6).toFixed(2),
        ]);
      }
    }
  }
}
const markdown = (cells) => cells.map((r) => `| ${r.join(' | ')} |`).join('\n');
console.log(markdown(rows));

if (process.argv.includes('--write')) {
  const begin = '<!-- same-time-order table: written by node bench/same-time-order.js --write -->';
  const end = '<!-- end of same-time-order table -->';
  const text = readFileSync(docs, 'utf8');
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/traces.md has no ${begin} … ${end} markers`);
  writeFileSync(docs, `${text.slice(0, i + begin.length)}\n${markdown(rows.map((r) => r.slice(0, -1)))}\n${text.slice(j)}`);
  console.log('\ndocs/traces.md: table replaced');
}
