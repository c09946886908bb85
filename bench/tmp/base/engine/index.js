// Public API of the discrete-event simulation kernel.
export { Simulation, URGENT_PRIORITY, LOWEST_PRIORITY, } from './simulation.js';
export { SimEvent } from './sim-event.js';
export { startProcess } from './process.js';
export { ServerPool } from './server-pool.js';
export { RandomStreams, RandomStream, deriveState } from './random-streams.js';
export { makeSampler, distributionMean, distributionVariance, lognormalFromMeanSd, validateDistribution, gammaFunction, } from './distributions.js';
//# sourceMappingURL=index.js.map