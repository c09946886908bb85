import { setMaxListeners } from 'node:events';
import cliProgress from 'cli-progress';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { Catalog } from '../scenario/catalog.js';
import type { SweepAnalysis } from '../sweep/analysis.js';
import { loadSweep, type SweepPlan } from '../sweep/load-sweep.js';
import { mergeShards } from '../sweep/merge-shards.js';
import { runSweep, SweepInterrupted, type SweepProgress } from '../sweep/run-sweep.js';
import { makeExecutor, type VariantExecutor } from '../sweep/variant-executor.js';
import { parseShard, shardFromEnv, shardIndexes, shardSize, type Shard } from '../sweep/shard.js';
import { filesBeside, outputFiles, type SweepOutputFiles } from '../sweep/sweep-output.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './cli-io.js';
import { catalogFiles, refuseCollisions, refuseInputsInside } from './output-collisions.js';
import { onStopSignal, signalExitCode, stoppedBy, type StopSignal } from './stop-signals.js';
import { STDOUT } from '../support/write-atomic.js';
import { VariantStore } from '../sweep/variant-store.js';
import { escapeControlChars } from '../support/escape-control-chars.js';
import { DEFAULT_FEASIBILITY, feasibilityNote, type FeasibilityRule } from '../metrics/feasibility.js';
import { robustSummaryLines } from '../sweep/robust-text.js';

/** The options of `simulate sweep` (sweep-commands.ts declares and parses them). */
export interface SweepOptions {
  readonly out?: string;
  readonly shard?: string;
  readonly assert?: string[];
  readonly maxVariants?: number;
  readonly replications?: number;
  readonly fresh?: true;
  readonly list?: true;
  readonly fullResults?: true;
  readonly feasibility?: FeasibilityRule;
  readonly catalog: string;
  readonly quiet?: true;
}

/** The worker threads asked for (--workers), this machine's cores, the count started early, and the pool the sweep runs on. */
interface Threads {
  readonly requested: number | undefined;
  readonly cores: number;
  readonly workers: number;
  readonly pool: { executor: VariantExecutor | undefined; retired?: Promise<void> };
}

async function sweepAction(file: string, opts: SweepOptions, threads: Threads, io: CliIo, setExit: (code: ExitCodeValue) => void): Promise<void> {
  const plan = loadSweep(file, {
    catalog: new Catalog(opts.catalog),
    asserts: opts.assert ?? [],
    ...(opts.maxVariants !== undefined && { maxVariants: opts.maxVariants }),
    ...(opts.replications !== undefined && { replications: opts.replications }),
    fullResults: opts.fullResults === true,
    ...(opts.feasibility !== undefined && { feasibility: opts.feasibility }),
  });
  let shard: Shard | undefined;
  if (opts.shard !== undefined) shard = parseShard(opts.shard);
  else {
    const env = shardFromEnv(process.env);
    if (env) {
      shard = env.shard;
      if (!opts.quiet) io.stderr(`shard ${shard.index}/${shard.count} (from ${env.source})\n`);
    }
  }
  if (shard?.count === 1) shard = undefined;
  const total = plan.space.count;

  if (opts.list) {
    const mine = shard ? shardSize(shard, total) : total;
    io.stdout(`sweep ${plan.name}: ${total.toLocaleString('en-US')} variants${shard ? `, shard ${shard.index}/${shard.count} runs ${mine.toLocaleString('en-US')}` : ''}\n`);
    for (const index of shardIndexes(shard ?? { index: 1, count: 1 }, total)) {
      io.stdout(`variant ${index}: ${plan.describe(plan.space.variant(index)) || '(the base scenario)'}\n`);
    }
    return;
  }

  const outDir = opts.out ?? join('reports', plan.name);
  const files = outputFiles(outDir, shard);
  const inputs = [
    { label: 'the sweep file', path: file },
    { label: 'the base scenario', path: plan.baseFile },
    ...plan.traceFiles.map((path) => ({ label: 'a trace the base scenario replays', path })),
    ...catalogFiles(opts.catalog),
  ];
  refuseCollisions(
    [
      { label: 'the results file', path: files.json },
      { label: 'the results CSV', path: files.csv },
      { label: 'the results Markdown', path: files.markdown },
      { label: 'the results HTML', path: files.html },
    ],
    inputs,
  );
  refuseInputsInside({ label: "the sweep's variant results folder", path: join(outDir, 'variants') }, inputs);
  const workers = clampWorkers(threads, plan, shard, outDir, opts.fresh !== true, io);
  const controller = new AbortController();
  // Each running variant listens on the signal: more than 10 threads is not a leak.
  setMaxListeners(workers + 10, controller.signal);
  let stopSignal: StopSignal | undefined;
  const stopListening = onStopSignal((signal) => {
    stopSignal = signal;
    controller.abort();
  });
  const note = plan.constraints.length + plan.assertions.length > 0 ? feasibilityNote(plan.feasibility ?? DEFAULT_FEASIBILITY, plan.replications) : undefined;
  if (note !== undefined && !opts.quiet) io.stderr(`${note}\n`);
  const progress = opts.quiet ? undefined : progressReporter(io, plan.name);
  try {
    const result = await runSweep(plan, {
      outDir,
      workers,
      ...(shard && { shard }),
      resume: opts.fresh !== true,
      signal: controller.signal,
      ...(threads.pool.executor && { executor: threads.pool.executor }),
      ...(progress && { onProgress: progress.update }),
    });
    progress?.stop();
    io.stdout(
      `sweep ${plan.name}: ${total.toLocaleString('en-US')} variants × ${plan.replications} replication${plan.replications > 1 ? 's' : ''}` +
        `${shard ? ` — shard ${shard.index}/${shard.count}: ${result.total.toLocaleString('en-US')} variants` : ''}` +
        `, ${result.ran.toLocaleString('en-US')} run, ${result.resumed.toLocaleString('en-US')} resumed, ${result.threads} worker${result.threads === 1 ? '' : 's'}, ${(result.elapsedMs / 1000).toFixed(2)} s\n`,
    );
    io.stdout(summaryText(result.analysis, result.files, result.html));
    gateReport(io, result.analysis, result.files, setExit);
  } catch (err) {
    progress?.stop();
    if (err instanceof SweepInterrupted) {
      const signal = stopSignal ?? 'SIGINT';
      io.stderr(
        `${stoppedBy(signal)}: ${err.done.toLocaleString('en-US')} of ${err.total.toLocaleString('en-US')} variants are done and kept in ${join(outDir, 'variants')}; run the same command again to finish\n`,
      );
      setExit(signalExitCode(signal));
      return;
    }
    throw err;
  } finally {
    stopListening();
  }
}

/**
 * The threads this run uses: no more than the machine's cores, nor than the variants left to run (a
 * variant with a result file is skipped when resuming). One line on stderr when `--workers` asked for
 * more; the pool started early is replaced by a smaller one when it is too large.
 */
function clampWorkers(threads: Threads, plan: SweepPlan, shard: Shard | undefined, outDir: string, resume: boolean, io: CliIo): number {
  if (threads.workers === 0) return 0;
  const store = new VariantStore(outDir, plan.variantsHash, plan.space.count);
  let left = 0;
  for (const index of shardIndexes(shard ?? { index: 1, count: 1 }, plan.space.count)) {
    if (!resume || !store.has(index)) left++;
    if (left >= threads.workers) break;
  }
  const workers = Math.max(1, Math.min(threads.workers, left));
  if (threads.requested !== undefined && workers < threads.requested && left > 0) {
    const why = left < threads.workers ? `${left} variant${left === 1 ? '' : 's'} to run` : `this machine has ${threads.cores} core${threads.cores === 1 ? '' : 's'} (os.availableParallelism())`;
    io.stderr(`note: --workers ${threads.requested} lowered to ${workers}: ${why}\n`);
  }
  const early = threads.pool.executor;
  if (early !== undefined && workers < early.threads) {
    threads.pool.executor = makeExecutor(workers);
    threads.pool.retired = early.close();
  }
  return workers;
}

/** A progress bar with ETA on a terminal; plain lines every 10% (at most every 5 s, at least every minute) otherwise (CI logs). */
function progressReporter(io: CliIo, name: string): { update: (p: SweepProgress) => void; stop: () => void } {
  if (process.stderr.isTTY && process.env['CI'] === undefined) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${escapeControlChars(name)} [{bar}] {percentage}% | {value}/{total} variants | {resumed} resumed | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        if (!started) {
          bar.start(p.total, p.done, { resumed: p.resumed });
          started = true;
        } else bar.update(p.done, { resumed: p.resumed });
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastAt = -Infinity;
  let lastDone = -1;
  let lastDecile = -1;
  return {
    update: (p) => {
      const decile = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
      const now = p.elapsedMs;
      const due = (decile > lastDecile && now - lastAt >= 5000) || now - lastAt >= 60_000 || (p.done === p.total && lastDone !== p.done);
      if (!due || p.done === lastDone || p.done === 0) return;
      lastAt = now;
      lastDone = p.done;
      lastDecile = decile;
      const eta = p.etaMs === undefined || p.done === p.total ? '' : `, about ${duration(p.etaMs)} to go`;
      io.stderr(
        `${name}: ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} variants (${p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100)}%)${p.resumed > 0 ? `, ${p.resumed.toLocaleString('en-US')} resumed` : ''}, ${duration(p.elapsedMs)} elapsed${eta}\n`,
      );
    },
    stop: () => {},
  };
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const params = (p: Readonly<Record<string, unknown>>) =>
  Object.entries(p)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ') || 'the base scenario';

/** The terminal summary: where the files are, the best variants and the Pareto front. */
function summaryText(a: SweepAnalysis, files: SweepOutputFiles, html: boolean): string {
  const out: string[] = [];
  const rel = (f: string) => {
    const r = relative(process.cwd(), f);
    return r === '' || r.startsWith('..') ? f : r;
  };
  out.push(`results: ${rel(files.json)}, ${rel(files.csv)}, ${rel(files.markdown)}${html ? `, ${rel(files.html)}` : ''}`);
  if (a.incomplete > a.overloaded) out.push(`warning: ${a.incomplete - a.overloaded} variant(s) stopped before the horizon (incomplete)`);
  for (const o of a.overloads.slice(0, 10)) out.push(`infeasible: variant ${o.index} (${params(o.parameters)}) overloaded: ${o.reason}`);
  if (a.overloaded > 10) out.push(`…${a.overloaded - 10} more overloaded variant(s) in ${rel(files.markdown)}`);
  for (const r of (a.rejections ?? []).slice(0, 10)) out.push(`infeasible: variant ${r.index} (${params(r.parameters)}): ${r.reason}`);
  if ((a.rejecting ?? 0) > 10) out.push(`…${a.rejecting! - 10} more variant(s) with rejected jobs in ${rel(files.markdown)}`);
  if (a.constraints.length > 0) out.push(`feasible: ${a.feasible.toLocaleString('en-US')} of ${a.variants.toLocaleString('en-US')} variants meet ${a.constraints.join(', ')}`);
  out.push(...robustSummaryLines(a));
  if (a.objectives.length > 0) {
    const heads = a.objectives.map((o) => `${o.direction === 'minimise' ? 'min' : 'max'} ${o.expression}`).join(', ');
    out.push(`best by ${heads}:`);
    if (a.best.length === 0) out.push('  no feasible variant');
    for (const [i, v] of a.best.slice(0, 5).entries()) out.push(`  ${i + 1}. variant ${v.index} (${params(v.parameters)}): ${v.objectives.map((o) => o.display).join(', ')}`);
    if (a.objectives.length >= 2)
      out.push(
        `Pareto front: ${a.pareto_size} variant${a.pareto_size === 1 ? '' : 's'} (${a.pareto
          .slice(0, 12)
          .map((v) => v.index)
          .join(', ')}${a.pareto_size > 12 ? ', …' : ''})`,
      );
  }
  return `${out.join('\n')}\n`;
}

/** Prints which variant broke which assertion (stderr) and sets exit code 1 when any did. */
function gateReport(io: CliIo, a: SweepAnalysis, files: SweepOutputFiles, setExit: (code: ExitCodeValue) => void): void {
  if (a.assertions.expressions.length === 0) return;
  if (a.assertions.passed) {
    io.stdout(`assertions: all ${a.variants.toLocaleString('en-US')} variants pass ${a.assertions.expressions.map((e) => `'${e}'`).join(', ')}\n`);
    return;
  }
  const shown = a.assertions.failures.slice(0, 20);
  for (const f of shown) {
    io.stderr(
      `assertion failed: variant ${f.index} (${params(f.parameters)}): ${f.assertion} — ${Object.entries(f.values)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ')}\n`,
    );
  }
  const more = a.assertions.failures.length - shown.length;
  if (more > 0 || a.assertions.failures.length < a.assertions.failed_variants) io.stderr(`…more failures in ${relative(process.cwd(), files.markdown) || files.markdown}\n`);
  io.stderr(`${a.assertions.failed_variants.toLocaleString('en-US')} of ${a.variants.toLocaleString('en-US')} variants fail an assertion: the plan misses its targets (exit code 1)\n`);
  setExit(ExitCode.targetsFailed);
}

/** The options of `simulate merge`. */
export interface MergeOptions {
  readonly output: string;
  readonly assert?: string[] | undefined;
  readonly feasibility?: FeasibilityRule | undefined;
  readonly quiet?: true | undefined;
}

/** `simulate sweep`: starts the worker threads, then validates and runs the sweep. */
export async function sweepCommand(file: string, opts: SweepOptions & { readonly workers?: number | undefined }, io: CliIo, setExit: (code: ExitCodeValue) => void): Promise<void> {
  // More threads than cores cannot run at once and each costs tens of MB: --workers 1000 once took 7.9 GB.
  const cores = availableParallelism();
  const workers = Math.min(opts.workers ?? cores, cores);
  // Threads start loading the simulator now, while this thread validates the sweep.
  const early = opts.list || workers === 0 ? undefined : makeExecutor(workers);
  const pool: Threads['pool'] = { executor: early };
  try {
    await sweepAction(file, opts, { requested: opts.workers, cores, workers, pool }, io, setExit);
  } finally {
    await pool.executor?.close();
    await pool.retired;
  }
}

/** `simulate merge`: checks the shards belong to one sweep and merges them. */
export async function mergeCommand(shards: readonly string[], opts: MergeOptions, io: CliIo, setExit: (code: ExitCodeValue) => void): Promise<void> {
  const out = opts.output;
  const files = filesBeside(out);
  refuseCollisions(
    out === STDOUT
      ? [{ label: '-o', path: out }]
      : [
          { label: '-o', path: files.json },
          { label: 'the merged CSV', path: files.csv },
          { label: 'the merged Markdown', path: files.markdown },
          { label: 'the merged HTML', path: files.html },
        ],
    shards.map((path) => ({ label: 'an input shard', path })),
  );
  // A stop signal is seen between shards and every few hundred variants; nothing is written then.
  const controller = new AbortController();
  let stopSignal: StopSignal | undefined;
  const stopListening = onStopSignal((signal) => {
    stopSignal = signal;
    controller.abort();
  });
  let merged;
  try {
    merged = await mergeShards(shards, out, opts.assert ?? [], { stdout: io.stdout, signal: controller.signal, ...(opts.feasibility !== undefined && { feasibility: opts.feasibility }) });
  } catch (err) {
    if (stopSignal === undefined) throw err;
    io.stderr(`${stoppedBy(stopSignal)}: nothing written\n`);
    setExit(signalExitCode(stopSignal));
    return;
  } finally {
    stopListening();
  }
  const say = out === STDOUT ? io.stderr : io.stdout;
  const def = merged.header.sweep;
  const note = def.constraints.length + def.assertions.length + (opts.assert?.length ?? 0) > 0 ? feasibilityNote(opts.feasibility ?? DEFAULT_FEASIBILITY, def.replications) : undefined;
  if (note !== undefined && !opts.quiet) io.stderr(`${note}\n`);
  if (!opts.quiet) {
    say(`merged ${merged.shards} shard${merged.shards > 1 ? 's' : ''} of sweep ${merged.header.sweep.name}: ${merged.header.sweep.variants.toLocaleString('en-US')} variants\n`);
    say(out === STDOUT ? 'results: the JSON on stdout\n' : summaryText(merged.analysis, merged.files, merged.html));
  }
  gateReport({ stdout: say, stderr: io.stderr }, merged.analysis, merged.files, setExit);
}
