// Public API of the discrete-event simulation kernel: what the model runs on (the calendar, seeded
// random streams, distributions, the run guard) and nothing it does not.
export { Simulation, type EventCallback, type SimulationOptions, type RunOptions } from './simulation.js';
export { RandomStreams, RandomStream, deriveState } from './random-streams.js';
export {
  makeSampler,
  distributionMean,
  distributionVariance,
  lognormalFromMeanSd,
  validateDistribution,
  gammaFunction,
  type Distribution,
  type DistributionKind,
  type Sampler,
  type UniformSource,
} from './distributions.js';
export { withRunGuard, RUN_GUARD_EVERY, type RunGuard, type RunGuardAnswer } from './run-guard.js';
export { entry } from './entry.js';
