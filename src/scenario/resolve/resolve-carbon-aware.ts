import type { CarbonSeries } from '../../cost/hourly-carbon.js';
import type { CarbonAwareSpec } from '../../model/carbon/carbon-aware-release.js';
import type { PoolSpec } from '../../model/types.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';

/**
 * A batch workload's carbon-aware deferral: its deadline and threshold with the hourly series of the
 * site its pool is in. Undefined (with a located problem) when that site has no series. WHY the pool's
 * site: placement across sites by carbon is not modelled; the job waits where it will run.
 */
export function carbonAwareOf(
  input: { readonly deadline: number; readonly threshold?: number | undefined },
  pool: PoolSpec,
  seriesBySite: ReadonlyMap<string, CarbonSeries>,
  path: FieldPath,
  ctx: ResolveContext,
): CarbonAwareSpec | undefined {
  const series = seriesBySite.get(pool.site);
  if (!series) {
    ctx.fail(path, `needs an hourly grid intensity at site '${pool.site}', where the jobs run`, `give sites.${pool.site}.costs.carbon_intensity_hourly`);
    return undefined;
  }
  return { deadline: input.deadline, ...(input.threshold !== undefined && { threshold: input.threshold }), kgPerJoule: series.kgPerJoule, firstHour: series.firstHour };
}
