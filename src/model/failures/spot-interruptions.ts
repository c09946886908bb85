/**
 * Spot / preemptible instance interruptions.
 *
 * Each instance receives interruption notices as a Poisson process with rate
 * λ per instance-hour, so a job on k instances gets its first notice after
 * Exp(k·λ/3600) seconds (superposition, as in failure-clock.ts); the instance is
 * reclaimed `warning` seconds after the notice (AWS: 120 s; GCP preemptible:
 * 30 s; 0 = no warning). Expected notices over H hours: k·λ·H.
 *
 * On a notice the job may stop and write an emergency checkpoint of all
 * progress; that saves everything iff writeCost ≤ warning. Otherwise it keeps
 * running and loses what the periodic checkpoints (checkpointing.ts) did not
 * commit by the reclaim time.
 */
import { splitElapsed, type CheckpointPolicy } from './checkpointing.js';
import { exponentialDraw, requireFinite, requireNonNegative, requireNonNegativeInteger, type OpenUniformSource } from './validate.js';

export const DEFAULT_SPOT_WARNING_SECONDS = 120;

export interface SpotPolicy {
  /** Interruptions per instance-hour (λ ≥ 0). */
  readonly ratePerInstanceHour: number;
  /** Seconds between notice and reclaim; default 120. */
  readonly warningSeconds?: number;
}

export interface SpotInterruption {
  /** Absolute time of the notice (s). */
  readonly noticeTime: number;
  /** Absolute time the instance is reclaimed: noticeTime + warning. */
  readonly interruptionTime: number;
  readonly warningSeconds: number;
}

function warningOf(policy: SpotPolicy): number {
  const warning = policy.warningSeconds ?? DEFAULT_SPOT_WARNING_SECONDS;
  requireNonNegative('warningSeconds', warning);
  requireNonNegative('ratePerInstanceHour', policy.ratePerInstanceHour);
  return warning;
}

/**
 * Next interruption of a job on `instances` spot instances from `now`:
 * notice at now + Exp(instances·λ/3600), reclaim `warning` s later.
 * Returns undefined when λ = 0 or instances = 0 (no draw then).
 */
export function nextSpotInterruption(now: number, instances: number, policy: SpotPolicy, stream: OpenUniformSource): SpotInterruption | undefined {
  requireFinite('now', now);
  requireNonNegativeInteger('instances', instances);
  const warningSeconds = warningOf(policy);
  const rate = (instances * policy.ratePerInstanceHour) / 3600;
  if (rate === 0) return undefined;
  const noticeTime = now + exponentialDraw(rate, stream);
  return { noticeTime, interruptionTime: noticeTime + warningSeconds, warningSeconds };
}

/** Expected interruptions: instances·λ·hours. */
export function expectedSpotInterruptions(instances: number, ratePerInstanceHour: number, hours: number): number {
  requireNonNegative('instances', instances);
  requireNonNegative('ratePerInstanceHour', ratePerInstanceHour);
  requireNonNegative('hours', hours);
  return instances * ratePerInstanceHour * hours;
}

/** Whether the warning leaves time to write a checkpoint: writeCost ≤ warningSeconds. */
export function warningAllowsCheckpoint(warningSeconds: number, writeCost: number): boolean {
  requireNonNegative('warningSeconds', warningSeconds);
  requireNonNegative('writeCost', writeCost);
  return writeCost <= warningSeconds;
}

export interface SpotOutcome {
  /** True when an emergency checkpoint saved all progress made up to the notice. */
  readonly savedOnWarning: boolean;
  /** Progress (work seconds) that survives. */
  readonly kept: number;
  /** Progress lost. */
  readonly lost: number;
  /** Checkpoint-write seconds (periodic + emergency). */
  readonly checkpointOverhead: number;
  /** Seconds after the emergency write until reclaim, idle (0 if not saved). */
  readonly idle: number;
  /** Wall seconds of the attempt up to reclaim: elapsedAtNotice + warning. */
  readonly wallTime: number;
}

/**
 * Outcome of a spot interruption whose notice arrives `elapsedAtNotice` seconds
 * after progress began. If the warning allows a write (and the emergency write
 * is enabled, default), the job stops computing and saves all progress at the
 * notice (an in-flight periodic write is abandoned); else it runs on and the
 * periodic checkpoints decide at reclaim time (elapsedAtNotice + warning).
 * kept + lost + checkpointOverhead + idle = wallTime.
 */
export function spotInterruptionOutcome(elapsedAtNotice: number, policy: SpotPolicy, checkpoint: CheckpointPolicy, emergencyCheckpoint = true): SpotOutcome {
  requireNonNegative('elapsedAtNotice', elapsedAtNotice);
  const warning = warningOf(policy);
  const wallTime = elapsedAtNotice + warning;
  if (emergencyCheckpoint && warningAllowsCheckpoint(warning, checkpoint.writeCost)) {
    const atNotice = splitElapsed(elapsedAtNotice, checkpoint);
    return {
      savedOnWarning: true,
      kept: atNotice.progressTime,
      lost: 0,
      checkpointOverhead: atNotice.checkpointOverhead + checkpoint.writeCost,
      idle: warning - checkpoint.writeCost,
      wallTime,
    };
  }
  const atReclaim = splitElapsed(wallTime, checkpoint);
  return {
    savedOnWarning: false,
    kept: atReclaim.kept,
    lost: atReclaim.lost,
    checkpointOverhead: atReclaim.checkpointOverhead,
    idle: 0,
    wallTime,
  };
}
