// Prints the simulated figure and its error for published points (a working aid for fitting; not a test):
//   npx tsx test/performance/print-validation.ts <point-id>[:tp:maxBatch] …
// A point without a published layout needs `:tp:maxBatch` (the layout to assume).
import { offlineCase, publishedPoints, simulateOffline } from './published-points.js';

for (const arg of process.argv.slice(2)) {
  const [id = '', tp, maxBatch] = arg.split(':');
  const point = publishedPoints.get(id);
  if (!point) throw new Error(`no published point ${id}`);
  const fallback = tp && maxBatch ? { tensorParallel: Number(tp), maxBatch: Number(maxBatch), why: 'given on the command line' } : undefined;
  const simulated = simulateOffline(offlineCase(id, fallback));
  console.log(`${id}: simulated ${simulated.toFixed(0)} tokens/s, published ${point.value}, error ${((simulated / point.value - 1) * 100).toFixed(1)} %`);
}
