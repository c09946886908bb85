/**
 * A pool's time-weighted figures worked by hand, through the product path: a four-job SWF trace
 * replayed under FCFS by `simulateScenario`, as `simulate scenario.yaml` does. Integer times and
 * sizes keep every integral exact.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { swfReplayYaml } from '../support/scenario-yaml.js';

// 4 one-processor nodes, FCFS:
//   A: t=0, 2 procs, runs 5  -> starts 0, ends 5
//   B: t=1, 3 procs, runs 4  -> waits (2 free); starts 5, ends 9
//   C: t=2, 1 proc,  runs 2  -> would fit, but B blocks the head; starts 5, ends 7
//   D: t=3, 2 procs, runs 1  -> starts 9 (only 1 free at 7), ends 10
const TRACE = `; MaxProcs: 4
1 0 -1 5 2 -1 -1 2 5 -1 1 1 1 -1 -1 -1 -1 -1
2 1 -1 4 3 -1 -1 3 4 -1 1 1 1 -1 -1 -1 -1 -1
3 2 -1 2 1 -1 -1 1 2 -1 1 1 1 -1 -1 -1 -1 -1
4 3 -1 1 2 -1 -1 2 1 -1 1 1 1 -1 -1 -1 -1 -1
`;

async function replay(horizon: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'pool-integrals-')), 'gang.swf');
  writeFileSync(file, TRACE);
  const starts: number[] = [];
  const result = await simulateScenario(parseScenario(swfReplayYaml(file, `${horizon} s`, { processors: 4, scheduler: 'fcfs' })), {
    onJob: (event, job) => void (event === 'start' && (starts[job.id] = job.start)),
  });
  const replication = result.replications[0];
  if (replication === undefined) throw new Error('no replication');
  const pool = Object.values(replication.pools)[0];
  if (pool === undefined) throw new Error('no pool');
  return { starts, pool, jobs: replication.jobs };
}

describe('pool integrals, hand-worked (4 processors, FCFS, gang jobs)', () => {
  it('starts at the exact times, with head-of-line blocking', async () => {
    const { starts, jobs } = await replay(10);
    expect(starts).toEqual([0, 5, 5, 9]);
    expect(jobs.completed).toBe(4);
  });

  it('integrates busy processors and queue length exactly over the horizon', async () => {
    const { pool } = await replay(10);
    // busy: [0,5) 2, [5,7) 4, [7,9) 3, [9,10) 2 -> 10 + 8 + 6 + 2 = 26 processor-seconds of 40
    expect(pool.mean_busy_devices).toBeCloseTo(26 / 10, 12);
    expect(pool.utilisation).toBeCloseTo(26 / 40, 12);
    // waiting: [1,2) 1, [2,3) 2, [3,5) 3, [5,9) 1 -> 1 + 2 + 6 + 4 = 13 job-seconds
    expect(pool.mean_queue_length).toBeCloseTo(13 / 10, 12);
  });

  it('counts the idle tail after the last job in the averages', async () => {
    const { pool } = await replay(20);
    expect(pool.utilisation).toBeCloseTo(26 / 80, 12);
    expect(pool.mean_queue_length).toBeCloseTo(13 / 20, 12);
  });
});
