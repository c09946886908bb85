import { pathKpi, scaled, unionKeys, type Kpi, type KpiFamily } from './kpi-definition.js';
import { summaryKeys } from './result-document.js';

/**
 * Federated workloads (docs/pipelines.md, "Federated learning"): rounds per day, round time, clients per
 * round, bytes and client-hours, and the cost of a round. Rows only for results with a federated workload.
 */
export const federated: KpiFamily = {
  id: 'federated',
  expand: (results) =>
    unionKeys(results, (r) => summaryKeys(r, ['federated'])).flatMap((w): Kpi[] => {
      const p = ['federated', w];
      const id = `federated[${w}]`;
      const group = 'Federated learning';
      return [
        pathKpi({ id: `${id}.rounds_per_day`, label: `${w}: rounds completed per day`, group, unit: 'number', suffix: 'rounds/day', better: 'higher', headline: true }, [...p, 'rounds_per_day']),
        pathKpi({ id: `${id}.failed_rounds_per_day`, label: `${w}: rounds failed per day`, group, unit: 'number', suffix: 'rounds/day', better: 'lower' }, [...p, 'failed_rounds_per_day']),
        pathKpi({ id: `${id}.round_time.mean`, label: `${w}: mean round time`, group, unit: 'seconds', better: 'lower' }, [...p, 'round_time_mean']),
        pathKpi({ id: `${id}.round_time.p50`, label: `${w}: round time p50`, group, unit: 'seconds', better: 'lower' }, [...p, 'round_time_p50']),
        pathKpi({ id: `${id}.round_time.p95`, label: `${w}: round time p95`, group, unit: 'seconds', better: 'lower', headline: true }, [...p, 'round_time_p95']),
        pathKpi({ id: `${id}.reports_per_round`, label: `${w}: updates per round`, group, unit: 'number', better: 'higher' }, [...p, 'reports_per_round']),
        pathKpi({ id: `${id}.stragglers_per_round`, label: `${w}: stragglers per round`, group, unit: 'number', better: 'lower' }, [...p, 'stragglers_per_round']),
        pathKpi({ id: `${id}.dropouts_per_round`, label: `${w}: dropouts per round`, group, unit: 'number', better: 'lower' }, [...p, 'dropouts_per_round']),
        scaled(pathKpi({ id: `${id}.bytes_up`, label: `${w}: bytes uploaded by clients`, group, unit: 'number', suffix: 'GB', better: 'neither' }, [...p, 'bytes_up']), 1e-9),
        scaled(pathKpi({ id: `${id}.bytes_down`, label: `${w}: bytes downloaded by clients`, group, unit: 'number', suffix: 'GB', better: 'neither' }, [...p, 'bytes_down']), 1e-9),
        pathKpi({ id: `${id}.client_device_hours`, label: `${w}: client device-hours computing`, group, unit: 'number', suffix: 'device-h', better: 'neither' }, [...p, 'client_device_hours']),
        pathKpi({ id: `${id}.cost_per_round`, label: `${w}: cost per completed round`, group, unit: 'number', suffix: 'USD', better: 'lower', headline: true }, ['federated_cost', w, 'total']),
        pathKpi({ id: `${id}.cost_per_round.egress`, label: `${w}: egress per completed round`, group, unit: 'number', suffix: 'USD', better: 'lower' }, ['federated_cost', w, 'egress']),
        pathKpi({ id: `${id}.cost_per_round.aggregation`, label: `${w}: aggregation pool per completed round`, group, unit: 'number', suffix: 'USD', better: 'lower' }, [
          'federated_cost',
          w,
          'aggregation',
        ]),
        pathKpi({ id: `${id}.cost_per_round.client_energy`, label: `${w}: client energy per completed round`, group, unit: 'number', suffix: 'USD', better: 'lower' }, [
          'federated_cost',
          w,
          'client_energy',
        ]),
      ];
    }),
};
