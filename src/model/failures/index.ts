// Failure and interruption model (pure functions; the simulation wires them in).
export { nextFailure, poolFailures, expectedFailures, jobMtbf, type PoolFailure } from './failure-clock.js';
export {
  splitElapsed,
  remainingWork,
  checkpointsToComplete,
  uninterruptedWallTime,
  accountRun,
  youngDalyInterval,
  dalyInterval,
  firstOrderOverheadFraction,
  expectedWallTimeExponential,
  validatePolicy,
  type CheckpointPolicy,
  type ElapsedSplit,
  type RunAccounting,
} from './checkpointing.js';
export {
  nextSpotInterruption,
  expectedSpotInterruptions,
  warningAllowsCheckpoint,
  spotInterruptionOutcome,
  DEFAULT_SPOT_WARNING_SECONDS,
  type SpotPolicy,
  type SpotInterruption,
  type SpotOutcome,
} from './spot-interruptions.js';
export type { OpenUniformSource } from './validate.js';
export {
  checkpointWriteSeconds,
  domainsTouched,
  nodesInDomainOf,
  domainRates,
  expectedEffectiveTime,
  maxRestartForEffectiveTime,
  MIXED_PRECISION_ADAM_BYTES_PER_PARAM,
  type FailureDomain,
} from './goodput.js';
