/** The report's assumption table names a workload's share of a device or its MIG instances. */
import { describe, expect, it } from 'vitest';
import { assumptionRows } from '../../src/report/assumptions.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { asJson, run } from './report-fixtures.js';

const scenario = (devices: string) => `name: slice-report
horizon: 1 day
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: w
    arrivals: { rate: 1 /h }
    devices: ${devices}
    work: { reference_time: 1 h }
`;

describe('assumptions of a workload on part of a device', () => {
  it('MIG instances and a share with its memory, side by side', () => {
    const rows = assumptionRows([asJson(run(parseScenario(scenario('{ mig: 3g.40gb, count: 2 }')))), asJson(run(parseScenario(scenario('{ share: 0.25, memory: 30 GB }'))))]);
    const row = rows.find((r) => r.section === 'workload w' && r.label === 'device slice');
    expect(row?.values).toEqual(['2 × MIG 3g.40gb', '25 % time-sliced share with 30 GB']);
    expect(row?.differs).toBe(true);
  });
});
