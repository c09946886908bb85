/** Hardware performance model: pure functions from workloads and profiles to times, with every factor. */
export * from './collectives.js';
export * from './data-job.js';
export * from './data-loading.js';
export * from './defaults.js';
export * from './inference.js';
export * from './node-fabric.js';
export * from './parallel-layout.js';
export * from './precision.js';
export * from './storage-bandwidth.js';
export * from './training.js';
export * from './tensor-parallel-traffic.js';
export * from './mixture-of-experts.js';
export * from './iteration-duration.js';
export * from './speculative-decoding.js';
export * from './expert-parallel.js';
export * from './expert-parallel-training.js';
export * from './two-batch-overlap.js';
