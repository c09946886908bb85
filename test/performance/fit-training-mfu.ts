// Fits a device profile's `efficiency.training_mfu` on ONE published step time, by bisection on the modelled
// step time (the input MFU; the rest of the training model unchanged). Run:
//   npx tsx test/performance/fit-training-mfu.ts <point-id> [<point-id> …]
// and copy the printed value into hardware-profiles/<device>.yaml with a source naming the point.
// The validation test (training-validation.test.ts) checks the fitted point is reproduced and predicts others.
import { fitMfu, trainingStep } from './training-points.js';

for (const id of process.argv.slice(2)) {
  const mfu = fitMfu((m) => {
    const s = trainingStep(id, m);
    return { time: s.stepTime, published: s.published };
  });
  const fitted = Math.round(mfu * 1000) / 1000;
  const check = trainingStep(id, fitted);
  console.log(`${id}: training_mfu ${fitted} → ${check.stepTime.toFixed(3)} s per step (published ${check.published} s)`);
}
