import fc from 'fast-check';

/**
 * Property tests run with a fixed seed so CI is reproducible; set FC_SEED to another number to explore
 * other cases, or FC_SEED=random for a fresh seed each run (failures print the seed to replay).
 */
const env = process.env['FC_SEED'];
if (env !== 'random') fc.configureGlobal({ seed: env === undefined ? 20261123 : Number(env) });
