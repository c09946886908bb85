// Public API of the discrete-event simulation kernel.
export {
  Simulation,
  URGENT_PRIORITY,
  LOWEST_PRIORITY,
  type EventCallback,
  type SimulationOptions,
  type RunOptions,
} from './simulation.js';
export { SimEvent, type SimEventCallback } from './sim-event.js';
export { startProcess, type ProcessGenerator, type ProcessYield } from './process.js';
export { ServerPool, type ServerPoolOptions } from './server-pool.js';
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
