// Fits a device profile's `efficiency.training_mfu` on ONE published step time, by bisection on the modelled
// step time (the input MFU; the rest of the training model unchanged). Run:
//   npx tsx test/performance/fit-training-mfu.ts <point-id> [<point-id> …]
// and copy the printed value into hardware-profiles/<device>.yaml with a source naming the point.
// The validation test (training-validation.test.ts) checks the fitted point is reproduced and predicts others.
import { trainingStep } from './training-points.js';

for (const id of process.argv.slice(2)) {
  let lo = 0.01;
  let hi = 1;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    const s = trainingStep(id, mid);
    if (s.stepTime > s.published) lo = mid;
    else hi = mid;
  }
  const fitted = Math.round(((lo + hi) / 2) * 1000) / 1000;
  const check = trainingStep(id, fitted);
  console.log(`${id}: training_mfu ${fitted} → ${check.stepTime.toFixed(3)} s per step (published ${check.published} s)`);
}
