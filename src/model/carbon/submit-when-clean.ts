import type { Simulation } from '../../engine/index.js';
import type { Workload } from '../workload-types.js';
import { carbonAwareRelease } from './carbon-aware-release.js';

/**
 * Hands an arriving job to `submit` now, or, for a batch workload with carbon-aware deferral, at its release
 * (`carbonAwareRelease`); `submit` gets the arrival time either way, so the wait counts from it.
 */
export function submitWhenClean(sim: Simulation, w: Workload | undefined, submit: (arrivedAt: number) => void): void {
  const aware = w?.kind === 'batch' ? w.carbonAware : undefined;
  const arrivedAt = sim.now;
  const release = aware ? carbonAwareRelease(arrivedAt, aware) : arrivedAt;
  if (release > arrivedAt) sim.scheduleAt(release, () => submit(arrivedAt), undefined);
  else submit(arrivedAt);
}
