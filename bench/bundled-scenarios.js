// Runs every bundled scenario at full length (tests may run long ones shortened: see testHorizon in
// test/support/bundled-files.ts) and prints wall time, events and events/s per scenario. Not a test.
//
// Usage: npm run bench:bundled [-- scenarios/kth-sp2-easy.yaml …]   (default: the scenario files git
//        tracks under scenarios/, sweeps excluded)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { simulateScenario } from '../dist/simulate/simulate.js';
import { isSweepDocument } from '../dist/sweep/sweep-file-kind.js';

const root = new URL('../', import.meta.url);
const tracked = () =>
  execFileSync('git', ['ls-files', 'scenarios'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.yaml') && !isSweepDocument(parse(readFileSync(new URL(f, root), 'utf8'))));
const files = process.argv.length > 2 ? process.argv.slice(2) : tracked();

console.log('scenario                                   wall s      events    events/s');
for (const file of files) {
  const scenario = loadScenario(new URL(file, root).pathname);
  const started = performance.now();
  const result = await simulateScenario(scenario);
  const seconds = (performance.now() - started) / 1000;
  const events = result.replications.reduce((sum, r) => sum + r.events, 0);
  console.log(
    `${file.padEnd(40)} ${seconds.toFixed(2).padStart(7)} ${events.toLocaleString('en-US').padStart(11)} ${Math.round(events / seconds)
      .toLocaleString('en-US')
      .padStart(11)}`,
  );
}
