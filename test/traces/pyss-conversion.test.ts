import { describe, expect, it } from 'vitest';
import { pyssJob } from '../../src/simulate/pyss-conversion.js';

// The conversion in a replay (counted in `adjusted`, default untouched): test/model/same-time-order.test.ts.
// pyss (base/prototype.py, _job_input_to_job): estimate = max(requested, run, 1),
// run = max(min(requested, run), 1), processors = allocated capped at the machine; run ≤ 0 → 1 s job.
describe('pyss job conversion of SWF rows', () => {
  it('keeps a row whose run is within its request', () => {
    const row = { submit: 5, devices: 4, runtime: 300, requestedTime: 600 };
    expect(pyssJob(row, 100)).toEqual({ row, changed: [] });
  });

  it('a job outliving its request is cut at the request, and its estimate becomes its recorded run', () => {
    expect(pyssJob({ submit: 0, devices: 2, runtime: 700, requestedTime: 600 }, 100)).toEqual({
      row: { submit: 0, devices: 2, runtime: 600, requestedTime: 700 },
      changed: ['pyss-runtime-changed', 'pyss-estimate-changed'],
    });
  });

  it('no requested time (-1): pyss runs the job 1 s, with its recorded run as the estimate', () => {
    expect(pyssJob({ submit: 0, devices: 1, runtime: 50 }, 100).row).toEqual({ submit: 0, devices: 1, runtime: 1, requestedTime: 50 });
  });

  it('a zero run time becomes a 1 s job with a 1 s estimate, submitted no earlier than 1 s', () => {
    expect(pyssJob({ submit: 0, devices: 3, runtime: 0, requestedTime: 900 }, 100)).toEqual({
      row: { submit: 1, devices: 3, runtime: 1, requestedTime: 1 },
      changed: ['pyss-empty-run'],
    });
  });

  it('truncates fractional seconds and caps processors at the machine', () => {
    expect(pyssJob({ submit: 0, devices: 128, runtime: 10.9, requestedTime: 20.5 }, 100)).toEqual({
      row: { submit: 0, devices: 100, runtime: 10, requestedTime: 20 },
      changed: ['pyss-processors-capped', 'pyss-runtime-changed', 'pyss-estimate-changed'],
    });
  });
});
