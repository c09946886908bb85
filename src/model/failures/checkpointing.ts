/**
 * Periodic checkpointing: what an interruption costs, and goodput/badput.
 *
 * Timeline of one attempt (a run from a start or restart):
 *   [restart r (restarts only)] [c work][w write] [c work][w write] … [final work, no write]
 * A checkpoint commits when its write completes. For elapsed time e since
 * progress began (i.e. after the restart overhead):
 *   k            = floor(e / (c + w))               completed cycles (committed checkpoints)
 *   progressTime = k·c + min(e − k(c+w), c)          time spent computing (excludes writes)
 *   overhead     = k·w + max(0, e − k(c+w) − c)      time spent writing checkpoints
 *   kept         = k·c                               progress that survives
 *   lost         = e − kept − overhead = progressTime − kept
 * With w = 0 this is kept = floor(progressTime/c)·c. An interruption in the
 * middle of a write loses that write (kept stays k·c, not (k+1)·c).
 * c = Infinity means no checkpoints: kept = 0, all progress is lost.
 *
 * Optimal interval: Young (1974), "A first order approximation to the optimum
 * checkpoint interval", CACM 17(9): c* = sqrt(2·w·M) minimises the first-order
 * overhead fraction w/c + c/(2M) (M = job MTBF). Daly (2006), "A higher order
 * estimate of the optimum checkpoint interval for restart dumps", FGCS 22(3):
 * same first-order result, plus a higher-order estimate (dalyInterval) of the
 * minimiser of the exponential-failure wall time
 *   T(c) = M·e^{r/M}·(e^{(c+w)/M} − 1)·W/c.
 */
import { requireNonNegative, requireNonNegativeInteger, requirePositive } from './validate.js';

export interface CheckpointPolicy {
  /** Work (compute) seconds between checkpoints; Infinity = never checkpoint. */
  readonly interval: number;
  /** Seconds to write one checkpoint (pure overhead). */
  readonly writeCost: number;
  /** Seconds to restart after an interruption (reload, re-schedule); pure overhead. */
  readonly restartOverhead: number;
}

export interface ElapsedSplit {
  /** Committed progress (work seconds) that survives an interruption now. */
  readonly kept: number;
  /** Progress made since the last committed checkpoint, lost on interruption. */
  readonly lost: number;
  /** Seconds spent writing checkpoints (including a partial write in flight). */
  readonly checkpointOverhead: number;
  /** Computing seconds (kept + lost). */
  readonly progressTime: number;
  /** Checkpoints committed. */
  readonly checkpoints: number;
}

export function validatePolicy(policy: CheckpointPolicy): void {
  requirePositive('interval', policy.interval, true);
  requireNonNegative('writeCost', policy.writeCost);
  requireNonNegative('restartOverhead', policy.restartOverhead);
}

/** Split `elapsed` seconds since progress began into kept / lost / overhead (see header). */
export function splitElapsed(elapsed: number, policy: CheckpointPolicy): ElapsedSplit {
  validatePolicy(policy);
  requireNonNegative('elapsed', elapsed);
  const { interval: c, writeCost: w } = policy;
  if (!Number.isFinite(c)) {
    return { kept: 0, lost: elapsed, checkpointOverhead: 0, progressTime: elapsed, checkpoints: 0 };
  }
  const k = Math.floor(elapsed / (c + w));
  const rem = elapsed - k * (c + w);
  const kept = k * c;
  const lostWork = Math.min(rem, c);
  const checkpointOverhead = k * w + Math.max(0, rem - c);
  return { kept, lost: lostWork, checkpointOverhead, progressTime: kept + lostWork, checkpoints: k };
}

/** Checkpoints written while completing `work` seconds uninterrupted: ceil(work/c) − 1 (none after the end). */
export function checkpointsToComplete(work: number, interval: number): number {
  requireNonNegative('work', work);
  requirePositive('interval', interval, true);
  if (!Number.isFinite(interval) || work === 0) return 0;
  return Math.max(0, Math.ceil(work / interval) - 1);
}

/** Wall seconds to complete `work` with no interruption, excluding restart: work + w·(ceil(work/c) − 1). */
export function uninterruptedWallTime(work: number, policy: CheckpointPolicy): number {
  validatePolicy(policy);
  return work + policy.writeCost * checkpointsToComplete(work, policy.interval);
}

/** Work left after a restart: totalWork − kept (never negative). */
export function remainingWork(totalWork: number, kept: number): number {
  requireNonNegative('totalWork', totalWork);
  requireNonNegative('kept', kept);
  return Math.max(0, totalWork - kept);
}

export interface RunAccounting {
  /** Whether the work finished. */
  readonly completed: boolean;
  /** Interruptions that hit the job (those after completion are ignored). */
  readonly interruptions: number;
  /** Work seconds still to do (0 when completed). */
  readonly remainingWork: number;
  /** Wall seconds summed over attempts. */
  readonly wallTime: number;
  /** Device-seconds of work that counts: devices × committed/finished work. */
  readonly goodput: number;
  /** Device-seconds wasted: lostWork + checkpointOverhead + restartOverhead. */
  readonly badput: number;
  readonly lostWork: number;
  readonly checkpointOverhead: number;
  readonly restartOverhead: number;
  /** devices × wallTime = goodput + badput. */
  readonly totalDeviceSeconds: number;
}

/**
 * Goodput/badput for a job of `work` seconds on `devices` devices, interrupted
 * after each of `attemptDurations` wall seconds (measured from each attempt's
 * start, restart overhead included for attempts after the first). An attempt
 * that would finish within its duration completes the job and later entries
 * are ignored. If interruptions run out before completion and
 * `runToCompletion` (default true), a final uninterrupted attempt finishes it.
 * Device-second figures are devices × seconds.
 */
export function accountRun(work: number, devices: number, policy: CheckpointPolicy, attemptDurations: readonly number[], runToCompletion = true): RunAccounting {
  requireNonNegative('work', work);
  requireNonNegativeInteger('devices', devices);
  validatePolicy(policy);
  for (const d of attemptDurations) requireNonNegative('attemptDuration', d);

  let remaining = work;
  let done = 0;
  let lost = 0;
  let ckpt = 0;
  let restart = 0;
  let wall = 0;
  let interruptions = 0;
  let completed = remaining === 0;
  let attempt = 0;

  const finish = (r: number): void => {
    const checkpoints = checkpointsToComplete(remaining, policy.interval);
    done += remaining;
    ckpt += checkpoints * policy.writeCost;
    restart += r;
    wall += r + remaining + checkpoints * policy.writeCost;
    remaining = 0;
    completed = true;
  };

  for (const duration of attemptDurations) {
    if (completed) break;
    const r = attempt === 0 ? 0 : policy.restartOverhead;
    attempt++;
    if (r + uninterruptedWallTime(remaining, policy) <= duration) {
      finish(r);
      break;
    }
    interruptions++;
    wall += duration;
    if (duration <= r) {
      restart += duration;
      continue;
    }
    restart += r;
    const split = splitElapsed(duration - r, policy);
    const kept = Math.min(split.kept, remaining);
    done += kept;
    lost += split.progressTime - kept;
    ckpt += split.checkpointOverhead;
    remaining = remainingWork(remaining, kept);
  }
  if (!completed && runToCompletion) finish(attempt === 0 ? 0 : policy.restartOverhead);

  const goodput = devices * done;
  const badput = devices * (lost + ckpt + restart);
  return {
    completed,
    interruptions,
    remainingWork: remaining,
    wallTime: wall,
    goodput,
    badput,
    lostWork: devices * lost,
    checkpointOverhead: devices * ckpt,
    restartOverhead: devices * restart,
    totalDeviceSeconds: devices * wall,
  };
}

/** Young (1974) / Daly (2006) first-order optimal interval: sqrt(2·w·M), M = job MTBF (s). */
export function youngDalyInterval(writeCost: number, mtbfJob: number): number {
  requirePositive('writeCost', writeCost);
  requirePositive('mtbfJob', mtbfJob, true);
  return Math.sqrt(2 * writeCost * mtbfJob);
}

/**
 * Daly (2006) higher-order estimate: for w < 2M,
 *   c* = sqrt(2wM)·[1 + (1/3)·sqrt(w/(2M)) + (1/9)·(w/(2M))] − w, else c* = M.
 */
export function dalyInterval(writeCost: number, mtbfJob: number): number {
  requirePositive('writeCost', writeCost);
  requirePositive('mtbfJob', mtbfJob, true);
  if (!Number.isFinite(mtbfJob)) return Infinity;
  if (writeCost >= 2 * mtbfJob) return mtbfJob;
  const x = writeCost / (2 * mtbfJob);
  return Math.sqrt(2 * writeCost * mtbfJob) * (1 + Math.sqrt(x) / 3 + x / 9) - writeCost;
}

/** First-order expected overhead per unit of work: w/c (writes) + c/(2M) (half an interval lost per failure). */
export function firstOrderOverheadFraction(interval: number, writeCost: number, mtbfJob: number): number {
  requirePositive('interval', interval, true);
  requireNonNegative('writeCost', writeCost);
  requirePositive('mtbfJob', mtbfJob, true);
  return writeCost / interval + interval / (2 * mtbfJob);
}

/**
 * Expected wall time to finish `work` under exponential failures with job MTBF M
 * (Daly 2006, eq. for T_w): M·e^{r/M}·(e^{(c+w)/M} − 1)·work/c.
 */
export function expectedWallTimeExponential(work: number, policy: CheckpointPolicy, mtbfJob: number): number {
  requireNonNegative('work', work);
  validatePolicy(policy);
  requirePositive('mtbfJob', mtbfJob);
  const { interval: c, writeCost: w, restartOverhead: r } = policy;
  requirePositive('interval', c);
  return mtbfJob * Math.exp(r / mtbfJob) * Math.expm1((c + w) / mtbfJob) * (work / c);
}
