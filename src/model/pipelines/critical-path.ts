/**
 * The critical path of one completed pipeline run, traced back from the stage that ended last: each stage on it
 * was released by the predecessor that ended last (ties: the earlier stage in the pipeline's order), down to a
 * stage with no predecessor, which the trigger released. A stage on the path contributes the time from its
 * releaser's end (the trigger's time for the first) to its own end — carrying data, queueing and running — so the
 * contributions add up to the makespan exactly; a stage off the path contributes 0.
 *
 * @param trigger s, when the run was triggered
 * @param ends s, each stage's end (every stage ended)
 * @param after indices of each stage's predecessors
 * @returns s per stage, summing to max(ends) − trigger
 */
export function criticalPathContributions(trigger: number, ends: readonly number[], after: readonly (readonly number[])[]): number[] {
  const contributions = ends.map(() => 0);
  let current = latest(
    ends,
    ends.map((_, i) => i),
  );
  while (current !== undefined) {
    const releaser = latest(ends, after[current] ?? []);
    contributions[current] = (ends[current] ?? 0) - (releaser === undefined ? trigger : (ends[releaser] ?? 0));
    current = releaser;
  }
  return contributions;
}

/** The stage among `candidates` that ended last; the lowest index on ties; undefined when there is none. */
function latest(ends: readonly number[], candidates: readonly number[]): number | undefined {
  let best: number | undefined;
  for (const i of candidates) if (best === undefined || (ends[i] ?? -Infinity) > (ends[best] ?? -Infinity) || ((ends[i] ?? -Infinity) === (ends[best] ?? -Infinity) && i < best)) best = i;
  return best;
}
