// Saturated replay, before and after: the KTH SP2 log (data/traces/, 27,992 jobs on 100 one-processor
// nodes) made into a larger, overloaded log, replayed under FCFS and EASY backfill by two builds of the
// simulator in one run — this working tree's dist/ ("after") and a parent commit ("before") built in a
// temporary git worktree — on the same input, printing wall and CPU seconds, the ratio, and whether
// both made the same per-job schedule (a sha256 of every job's id, start time and pool, in start order).
//
// How the input is made (all from the bundled trace, nothing random):
// - the log is repeated `--copies` times (8 → 223,936 jobs), copy c shifted by c × the log's span;
// - every job's processor count is multiplied by `--size-scale` (default ⌊nodes / 100⌋ = 11), so the
//   log keeps its shape on a machine of `--nodes` one-processor nodes (default 1,152): its widest jobs
//   (100 processors on the 100-node SP2) again ask for nearly the whole machine;
// - submit times are multiplied by the one factor that makes the offered load (Σ processors × runtime
//   over nodes × span) equal `--load` (default 1.1), so the queue grows for the whole replay;
// - runtimes and requested times (EASY's estimates) are the log's own.
//
// Usage: npm run bench:replay -- --case saturated [--before REV] [--copies 8] [--nodes 1152] [--load 1.1]
//          [--size-scale 11] [--schedulers fcfs,easy-backfill] [--keep-worktree]
// REV defaults to the commit this branch started from (the last one before the fast replay work).
// Needs dist/ built (npm run bench:replay builds it). Not a test: never gate CI on it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const BASE_COMMIT = 'e776061';

export async function saturatedReplay(args) {
  const copies = Number(args.copies ?? 8);
  const nodes = Number(args.nodes ?? 1152);
  const load = Number(args.load ?? 1.1);
  const sizeScale = Number(args['size-scale'] ?? Math.floor(nodes / 100));
  const before = args.before ?? BASE_COMMIT;
  const kinds = (args.schedulers ?? 'fcfs,easy-backfill').split(',');
  const dir = mkdtempSync(join(tmpdir(), 'saturated-replay-'));
  const beforeDir = join(dir, 'before');
  try {
    const { csv, horizon } = await writeSaturatedLog(dir, { copies, nodes, load, sizeScale });
    const scenario = join(dir, 'scenario.yaml');
    console.log(`before: ${before} (${gitOut(['rev-parse', '--short', before])}), built in a temporary worktree; after: this tree's dist/`);
    buildBefore(before, beforeDir);

    const rows = [];
    for (const kind of kinds) {
      writeFileSync(scenario, scenarioYaml(csv, nodes, horizon, kind));
      const b = runChild(join(beforeDir, 'dist'), scenario);
      const a = runChild(join(root, 'dist'), scenario);
      rows.push({ kind, b, a });
      const same = a.digest === b.digest && a.started === b.started;
      console.log(
        `${kind.padEnd(14)} before ${fmt(b)}   after ${fmt(a)}   CPU ratio ${(b.cpu / a.cpu).toFixed(2)}×, wall ratio ${(b.wall / a.wall).toFixed(2)}×   ` +
          `schedule ${same ? 'identical' : 'DIFFERENT'} (${a.started.toLocaleString('en-US')} starts, sha256 ${a.digest.slice(0, 12)}…, mean wait ${(a.meanWait / 3600).toFixed(1)} h)`,
      );
      if (!same) process.exitCode = 1;
    }
    return rows;
  } finally {
    if (existsSync(beforeDir) && !args['keep-worktree']) {
      spawnSync('git', ['worktree', 'remove', '--force', beforeDir], { cwd: root });
    }
    if (!args['keep-worktree']) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

/**
 * Writes the saturated log as a CSV (submit, procs, runtime, estimate) into `dir` and prints how it
 * was made; returns its path and a horizon long enough for the backlog to drain.
 */
export async function writeSaturatedLog(dir, { copies, nodes, load, sizeScale }) {
  const { readSwf } = await import('../dist/traces/index.js');
  // The log, once, in file order.
  const log = [];
  for await (const j of readSwf(join(root, 'data/traces/KTH-SP2-1996-2.1-cln.swf.gz'))) log.push(j);
  const origin = log.reduce((m, j) => Math.min(m, j.submit), Infinity);
  const span = log.reduce((m, j) => Math.max(m, j.submit), -Infinity) - origin + 1;
  const work = log.reduce((s, j) => s + j.devices * sizeScale * j.runtime, 0);
  // offered load = copies × work / (nodes × copies × span × factor)
  const factor = work / (load * nodes * span);
  const csv = join(dir, 'jobs.csv');
  const out = createWriteStream(csv);
  out.write('submit,procs,runtime,estimate\n');
  for (let c = 0; c < copies; c++) {
    let buf = '';
    for (const j of log) buf += `${((c * span + j.submit - origin) * factor).toFixed(3)},${j.devices * sizeScale},${j.runtime},${j.requestedTime ?? j.runtime}\n`;
    if (!out.write(buf)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const arrivals = copies * span * factor;
  const backlog = ((load - 1) / load) * copies * work; // device-seconds still queued when arrivals end
  const horizon = Math.ceil(arrivals + Math.max(0, backlog) / nodes + 60 * 86_400);
  console.log(
    `saturated replay: KTH SP2 ×${copies} = ${(copies * log.length).toLocaleString('en-US')} jobs, sizes ×${sizeScale}, submit times ×${factor.toFixed(4)} ` +
      `(offered load ${load}), on ${nodes.toLocaleString('en-US')} one-processor nodes; arrivals span ${(arrivals / 86_400).toFixed(1)} days`,
  );
  return { csv, horizon };
}

function fmt(r) {
  return `${r.wall.toFixed(1)} s wall ${r.cpu.toFixed(1)} s CPU`;
}

function gitOut(argv) {
  return execFileSync('git', argv, { cwd: root, encoding: 'utf8' }).trim();
}

/** Checks out `rev` in a detached worktree at `dir` and compiles it with this tree's node_modules. */
function buildBefore(rev, dir) {
  execFileSync('git', ['worktree', 'add', '--detach', dir, rev], { cwd: root, stdio: 'ignore' });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
}

function runChild(distDir, scenario) {
  const r = spawnSync(process.execPath, [join(root, 'bench/saturated-replay-child.js'), distDir, scenario], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`replay with ${distDir} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

export function scenarioYaml(csv, nodes, horizon, scheduler) {
  return `name: saturated-replay-bench
seed: 1
horizon: ${horizon} s
replications: 1
scheduler: ${scheduler}
costs: none
profiles:
  power2-thin:
    id: power2-thin
    kind: cpu
    name: IBM POWER2 thin node processor (SP2)
    vendor: IBM
    peak: { fp64: 267 MFLOPS }
  sp2-node:
    id: sp2-node
    kind: node
    name: IBM SP2 node (one processor)
    vendor: IBM
    cpus: { profile: power2-thin, count: 1 }
reference: { device: power2-thin, precision: fp64 }
sites:
  dc:
    nodes: { type: sp2-node, count: ${nodes} }
workloads:
  - name: kth-sp2-repeated
    kind: trace
    trace: { file: '${csv}', format: csv, columns: { submit: submit, devices: procs, runtime: runtime, requestedTime: estimate } }
    precision: fp64
    estimates: trace
`;
}
