// Fits a device profile's `efficiency.moe_inference` on ONE published expert-parallel deployment, by bisection on the
// engine's predicted throughput (the dense efficiencies stay the profile's). Run:
//   npx tsx test/performance/fit-moe-efficiency.ts <point-id> [<point-id> …]
// and copy the printed value into hardware-profiles/<device>.yaml with a source naming the point. The validation test
// (expert-parallel-validation.test.ts) checks the fitted point is reproduced and predicts the others with it.
import { nodeFabric } from '../../src/model/performance/index.js';
import { cases, predict } from './expert-parallel-cases.js';
import { nodeProfile } from './profiles.js';
import { publishedPoints } from './published-points.js';

for (const id of process.argv.slice(2)) {
  const c = cases.find((x) => x.id === id);
  const point = publishedPoints.get(id);
  if (!c || !point) throw new Error(`no expert-parallel case ${id}`);
  const device = nodeFabric(nodeProfile(c.node === 'h800' ? 'dgx-h100' : c.node)).device;
  const at = (f: number) => predict(c, { ...device, efficiency: { ...device.efficiency, moeInference: f } }).asPublished;
  let lo = 0.02;
  let hi = 1;
  for (let k = 0; k < 20; k++) {
    const mid = (lo + hi) / 2;
    if (at(mid) < point.value) lo = mid;
    else hi = mid;
  }
  const fitted = Math.round(((lo + hi) / 2) * 1000) / 1000;
  console.log(`${device.id}: moe_inference ${fitted} on ${id} → ${at(fitted).toFixed(0)} tokens/s per node (published ${point.value})`);
}
