import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { criticalPathContributions } from '../../src/model/pipelines/critical-path.js';
import { propertyRuns } from '../support/property-runs.js';

describe('critical path of a pipeline run', () => {
  // Hand-worked DAG with fan-out and fan-in, triggered at t = 100 s:
  //   extract (0)  100 → 400           (no predecessor: released by the trigger)
  //   clean   (1)  400 → 1,000         after extract
  //   stats   (2)  400 →   700         after extract (fan-out; off the critical path)
  //   train   (3)  1,000 → 4,000       after clean and stats (fan-in: clean ended last, at 1,000)
  //   report  (4)  700 → 900           after stats (ends early; off the path)
  // Makespan = 4,000 − 100 = 3,900 s. Path back from train (the last end): train ← clean ← extract ← trigger.
  // Contributions: extract 400 − 100 = 300, clean 1,000 − 400 = 600, train 4,000 − 1,000 = 3,000; others 0.
  const ends = [400, 1000, 700, 4000, 900];
  const after = [[], [0], [0], [1, 2], [2]];

  it('gives each stage on the path the time from its releaser’s end to its own, and 0 off it', () => {
    expect(criticalPathContributions(100, ends, after)).toEqual([300, 600, 0, 3000, 0]);
  });

  it('adds up to the makespan exactly, so the shares sum to 1', () => {
    const c = criticalPathContributions(100, ends, after);
    expect(c.reduce((a, b) => a + b, 0)).toBe(Math.max(...ends) - 100);
    expect(c.map((x) => x / 3900)).toEqual([300 / 3900, 600 / 3900, 0, 3000 / 3900, 0]);
  });

  it('on a fan-in tie takes the earlier stage in the pipeline’s order', () => {
    // clean and stats both end at 1,000: clean (index 1) releases train
    expect(criticalPathContributions(0, [400, 1000, 1000, 4000], [[], [0], [0], [1, 2]])).toEqual([400, 600, 0, 3000]);
  });
});

describe('critical path, any DAG', () => {
  // a random DAG: stage i may wait for any earlier stage; each stage ends after its latest predecessor (or the trigger)
  const dag = fc.array(fc.record({ wait: fc.nat(1000), run: fc.integer({ min: 1, max: 5000 }), parents: fc.array(fc.nat(), { maxLength: 4 }) }), { minLength: 1, maxLength: 12 }).map((stages) => {
    const after = stages.map((s, i) => (i === 0 ? [] : [...new Set(s.parents.map((p) => p % i))]));
    const ends: number[] = [];
    stages.forEach((s, i) => {
      const released = Math.max(0, ...(after[i] ?? []).map((p) => ends[p] ?? 0));
      ends.push(released + s.wait + s.run);
    });
    return { ends, after };
  });

  it('the contributions are non-negative, add up to the makespan, and lie on one chain of predecessors', () => {
    fc.assert(
      fc.property(dag, ({ ends, after }) => {
        const c = criticalPathContributions(0, ends, after);
        expect(c.every((x) => x >= 0)).toBe(true);
        expect(c.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.max(...ends), 9);
        // the stages on the path, latest first, each a predecessor of the one before
        const path = c.flatMap((x, i) => (x > 0 ? [i] : [])).reverse();
        for (let k = 1; k < path.length; k++) expect(after[path[k - 1] ?? 0]).toContain(path[k]);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
