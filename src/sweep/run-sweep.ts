import { InputError } from '../support/input-error.js';
import { SweepAnalyser, type SweepAnalysis } from './analysis.js';
import { variantError, type SweepPlan } from './load-sweep.js';
import { Catalog } from '../scenario/catalog.js';
import type { VariantOutcome } from './run-variant.js';
import { variantScenario } from './variant-scenario.js';
import { shardIndexes, shardSize, type Shard } from './shard.js';
import { makeHeader, outputFiles, writeSweepOutputs, type SweepOutputFiles } from './sweep-output.js';
import { makeExecutor, type VariantExecutor } from './variant-executor.js';
import type { VariantRecord } from './variant-record.js';
import { VariantError, type Variant } from './variant-space.js';
import { VariantStore } from './variant-store.js';

export interface SweepProgress {
  /** variants of this run's share (the shard, or all) that have a result, resumed ones included */
  readonly done: number;
  readonly total: number;
  /** of `done`, results found from an earlier run */
  readonly resumed: number;
  readonly elapsedMs: number;
  /** estimated ms to go, from this run's pace; undefined until a variant has finished */
  readonly etaMs: number | undefined;
}

export interface RunSweepOptions {
  /** the output folder: variant files and results files go there and nowhere else */
  readonly outDir: string;
  /** worker threads; 0 runs variants in the calling thread */
  readonly workers: number;
  readonly shard?: Shard;
  /** reuse valid variant results of an earlier run (default true) */
  readonly resume?: boolean;
  /** aborting stops the sweep: finished variants stay on disk, the run throws SweepInterrupted */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SweepProgress) => void;
  /** the worker script (default: dist/sweep/variant-worker.js) */
  readonly workerFile?: string;
  /** an executor made earlier (the CLI makes it before validating so its threads warm up); not closed here */
  readonly executor?: VariantExecutor;
}

export interface SweepRunResult {
  readonly files: SweepOutputFiles;
  readonly analysis: SweepAnalysis;
  /** whether an HTML report was written (not for sweeps of more than MAX_HTML_VARIANTS variants) */
  readonly html: boolean;
  readonly total: number;
  /** variants simulated by this run */
  readonly ran: number;
  readonly resumed: number;
  readonly threads: number;
  readonly elapsedMs: number;
  /** ms the simulations themselves took (summed over threads) */
  readonly simulateMs: number;
  /** ms spent running variants (thread start-up included), then writing the results files, then the HTML report */
  readonly timings: { readonly runMs: number; readonly assembleMs: number; readonly htmlMs: number };
}

/** The sweep was interrupted (Ctrl-C): every finished variant is on disk, and a re-run resumes. */
export class SweepInterrupted extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`interrupted after ${done} of ${total} variants`);
    this.name = 'SweepInterrupted';
  }
}

/**
 * Runs the variants of a sweep (or of one shard) that have no valid result yet, on a pool of worker
 * threads, writing each result to its own file as it finishes; then streams all of them, in index
 * order, into the results files. The output depends only on the plan and the shard: the same bytes
 * whatever the worker count, the order in which variants finish, or how often the run was resumed.
 * @throws InputError when a variant turns out to be an invalid scenario (located in the sweep file),
 * SweepInterrupted when `signal` aborts.
 */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions): Promise<SweepRunResult> {
  const started = performance.now();
  const shard = options.shard ?? { index: 1, count: 1 };
  const count = plan.space.count;
  const total = shardSize(shard, count);
  const store = new VariantStore(options.outDir, plan.variantsHash, count);
  const resume = options.resume ?? true;
  const signal = options.signal;
  const catalog = new Catalog(plan.catalogDir);

  let done = 0;
  let resumed = 0;
  let ran = 0;
  let simulateMs = 0;
  let executor: VariantExecutor | undefined;
  let lastReport = 0;
  const report = (force: boolean) => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    const elapsedMs = now - started;
    const etaMs = ran === 0 ? undefined : (elapsedMs / ran) * (total - done);
    options.onProgress({ done, total, resumed, elapsedMs, etaMs });
  };

  const failures: { index: number; error: InputError }[] = [];
  // boxed: the first unexpected failure of a task, rethrown as it is (even a falsy value)
  let internal: { readonly error: unknown } | undefined;
  const inFlight = new Set<Promise<void>>();
  const pending = shardIndexes(shard, count);
  const stopped = () => signal?.aborted === true || failures.length > 0 || internal !== undefined;

  const launch = (variant: Variant, executor: VariantExecutor) => {
    // Validated here, simulated there: a variant that is not a valid scenario stops the sweep, located.
    let scenario;
    try {
      scenario = variantScenario(plan.baseValue, plan.baseFile, variant.patches, catalog);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      failures.push({ index: variant.index, error: new InputError(plan.relocate(err.problems, variant)) });
      return;
    }
    const p = executor
      .run({ index: variant.index, parameters: variant.parameters, scenario, full: plan.fullResults }, signal)
      .then((outcome: VariantOutcome) => {
        store.write(outcome.record);
        ran++;
        done++;
        simulateMs += outcome.simulateMs;
        report(done === total);
      })
      .catch((err: unknown) => {
        if (signal?.aborted) return;
        internal ??= { error: err };
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  try {
    report(true);
    for (const index of pending) {
      if (stopped()) break;
      if (resume && store.read(index) !== undefined) {
        resumed++;
        done++;
        report(done === total);
        continue;
      }
      let variant: Variant;
      try {
        variant = plan.space.variant(index);
      } catch (err) {
        if (!(err instanceof VariantError)) throw err;
        failures.push({ index, error: variantError(err, index, plan.locateParameter) });
        break;
      }
      executor ??= options.executor ?? makeExecutor(Math.min(options.workers, total), options.workerFile);
      launch(variant, executor);
      // Keep every thread busy and one task queued behind each.
      while (inFlight.size >= executor.threads * 2 && !stopped()) await Promise.race(inFlight);
    }
    while (inFlight.size > 0) await Promise.race(inFlight);
  } finally {
    if (executor !== options.executor) await executor?.close();
  }
  if (internal !== undefined) throw internal.error;
  const [firstFailure] = failures.sort((a, b) => a.index - b.index);
  if (firstFailure !== undefined) throw firstFailure.error;
  if (signal?.aborted) throw new SweepInterrupted(done, total);
  report(true);

  const runMs = performance.now() - started;
  const files = outputFiles(options.outDir, options.shard);
  const header = makeHeader(plan.definition, plan.hash, plan.variantsHash, options.shard);
  const records = function* (): Generator<VariantRecord> {
    for (const index of shardIndexes(shard, count)) {
      const r = store.read(index);
      if (r === undefined) throw new Error(`the result of variant ${index} (${store.path(index)}) disappeared or was corrupted while the sweep ran`);
      yield r;
    }
  };
  let written;
  try {
    written = await writeSweepOutputs(files, header, records(), new SweepAnalyser(plan), signal ? { signal } : {});
  } catch (err) {
    if (signal?.aborted) throw new SweepInterrupted(done, total);
    throw err;
  }
  const { analysis, html, htmlMs } = written;
  const elapsedMs = performance.now() - started;
  return { files, analysis, html, total, ran, resumed, threads: executor?.threads ?? 0, elapsedMs, simulateMs, timings: { runMs, assembleMs: elapsedMs - runMs - htmlMs, htmlMs } };
}
