import { parentPort, threadId } from 'node:worker_threads';
import { runVariant, type VariantOutcome, type VariantTask } from './run-variant.js';
import { WORKER_LOADED } from './worker-protocol.js';

/**
 * The worker-thread entry of the sweep pool (piscina calls `runVariantTask` by name and loads this
 * module when the thread starts). It imports the simulator only: variants arrive validated.
 */
export async function runVariantTask(task: VariantTask): Promise<VariantOutcome> {
  return runVariant(task);
}

// Last statement of the module: every import above is instantiated and evaluated by now.
parentPort?.postMessage({ [WORKER_LOADED]: threadId });
