import { describe, expect, it } from 'vitest';
import { entityMetrics, entityMetricUnit } from '../../src/sweep/result-metrics.js';

const estimate = (mean: number) => ({ mean, half_width: 1, low: mean - 1, high: mean + 1, sd: 1, n: 2 });

describe('federated workloads in sweep expressions', () => {
  it('federated["name"] holds rounds per day, round times (in s) and bytes of the summary', () => {
    const groups = entityMetrics({ federated: { shops: { rounds_per_day: estimate(1375), round_time_p95: estimate(71), bytes_up: estimate(1.5e12) } } });
    expect(groups.federated['shops']).toMatchObject({ rounds_per_day: { mean: 1375 }, round_time_p95: { mean: 71 }, bytes_up: { mean: 1.5e12 } });
    expect(entityMetricUnit('round_time_p95')).toBe('s');
    expect(entityMetrics({}).federated).toEqual({});
  });
});
