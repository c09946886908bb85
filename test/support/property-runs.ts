/**
 * How many cases a fuzz property draws: the number written in the test, times PROPERTY_RUNS_SCALE
 * (default 1). `npm test` keeps the counts small enough to run often; `npm run test:deep` draws ten
 * times as many with the same seed, and FC_SEED=random explores new cases (see setup-fast-check.ts).
 */
const scale = Number(process.env['PROPERTY_RUNS_SCALE'] ?? '1');
if (!(scale > 0)) throw new Error(`PROPERTY_RUNS_SCALE must be a positive number, got '${process.env['PROPERTY_RUNS_SCALE']}'`);

export function propertyRuns(written: number): number {
  return Math.max(1, Math.round(written * scale));
}
