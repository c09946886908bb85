import { pathKpi, unionKeys, type KpiFamily } from './kpi-definition.js';
import { summaryKeys } from './result-document.js';

/**
 * Rows of services that move (issue 15), present only when a result has them: per user region the latencies its
 * users see (one round trip included) and SLO attainment, per pool the requests routed there and the replicas
 * started, and the cold starts.
 */
export const serviceReach: KpiFamily = {
  id: 'service-reach',
  expand: (results) =>
    unionKeys(results, (r) => summaryKeys(r, ['inference'])).flatMap((s) => {
      const p = ['inference', s];
      const id = `inference[${s}]`;
      const regions = unionKeys(results, (r) => summaryKeys(r, [...p, 'regions'])).flatMap((region) => {
        const at = [...p, 'regions', region];
        const rid = `${id}.regions[${region}]`;
        return [
          pathKpi({ id: `${rid}.ttft.p50`, label: `${s} · users in ${region}: time to first token p50`, group: 'Inference by region', unit: 'seconds', better: 'lower' }, [...at, 'ttft', 'p50']),
          pathKpi({ id: `${rid}.ttft.p99`, label: `${s} · users in ${region}: time to first token p99`, group: 'Inference by region', unit: 'seconds', better: 'lower' }, [...at, 'ttft', 'p99']),
          pathKpi({ id: `${rid}.e2e.p95`, label: `${s} · users in ${region}: end-to-end latency p95`, group: 'Inference by region', unit: 'seconds', better: 'lower' }, [...at, 'e2e', 'p95']),
          pathKpi({ id: `${rid}.slo_attainment`, label: `${s} · users in ${region}: SLO attainment`, group: 'Inference by region', unit: 'fraction', better: 'higher' }, [...at, 'slo_attainment']),
        ];
      });
      const pools = unionKeys(results, (r) => summaryKeys(r, [...p, 'pools'])).flatMap((pool) => [
        pathKpi({ id: `${id}.pools[${pool}].requests`, label: `${s} on ${pool}: requests`, group: 'Inference by pool', unit: 'count', better: 'neither' }, [...p, 'pools', pool, 'requests']),
        pathKpi({ id: `${id}.pools[${pool}].replicas_started`, label: `${s} on ${pool}: replicas started`, group: 'Inference by pool', unit: 'count', better: 'neither' }, [
          ...p,
          'pools',
          pool,
          'replicas_started',
        ]),
      ]);
      const coldStarts = results.some((r) => summaryKeys(r, p).includes('cold_starts'))
        ? [pathKpi({ id: `${id}.cold_starts`, label: `${s}: cold starts`, group: 'Inference by pool', unit: 'count', better: 'lower' }, [...p, 'cold_starts'])]
        : [];
      return [...regions, ...pools, ...coldStarts];
    }),
};
