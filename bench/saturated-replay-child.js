// One timed replay for bench/saturated-replay.js, run as its own process so that two builds of the
// simulator (before and after a change) never share a heap or a JIT: loads the simulator from the
// given dist/ folder, replays the given scenario, and prints one JSON line: wall and CPU seconds of
// simulateScenario alone, jobs started, and a digest of the per-job schedule (job id, start time and
// pool of every start, in start order) so the caller can check both builds made the same schedule.
//
// Usage: node bench/saturated-replay-child.js DIST_DIR SCENARIO_YAML
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const [distDir, scenarioFile] = process.argv.slice(2);
if (!distDir || !scenarioFile) throw new Error('usage: node bench/saturated-replay-child.js DIST_DIR SCENARIO_YAML');
const dist = pathToFileURL(resolve(distDir) + '/').href;
const { parseScenario } = await import(new URL('scenario/load-scenario.js', dist).href);
const { simulateScenario } = await import(new URL('simulate.js', dist).href);

const scenario = parseScenario(readFileSync(scenarioFile, 'utf8'), resolve(scenarioFile));
const hash = createHash('sha256');
let started = 0;
const onJob = (event, job, pool) => {
  if (event !== 'start') return;
  started++;
  hash.update(`${job.id} ${job.start} ${pool}\n`);
};
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await simulateScenario(scenario, { onJob });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const r = result.replications[0];
console.log(
  JSON.stringify({
    wall,
    cpu: (cpu.user + cpu.system) / 1e6,
    started,
    completed: r.jobs.completed,
    meanWait: r.jobs.wait.mean,
    digest: hash.digest('hex'),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
