import { closest } from '../../support/closest-name.js';

/** A stage as the DAG check sees it: its name and the names it waits for. */
export interface StageNode {
  readonly name: string;
  readonly after: readonly string[];
}

/**
 * The stages in an order where each comes after its predecessors (Kahn's algorithm, ties in file order), after
 * checking that names are unique, that `after` names known stages, and that there is no cycle.
 * @returns indices into `stages`, or undefined when a problem was reported
 */
export function stageOrder(
  stages: readonly StageNode[],
  failName: (stage: number, message: string, hint?: string) => void,
  failAfter: (stage: number, k: number, message: string, hint?: string) => void,
): number[] | undefined {
  const index = new Map<string, number>();
  let ok = true;
  stages.forEach((s, j) => {
    if (index.has(s.name)) {
      failName(j, `another stage is already named '${s.name}'`, 'stage names must be unique in a pipeline');
      ok = false;
    } else index.set(s.name, j);
  });
  stages.forEach((s, j) =>
    s.after.forEach((a, k) => {
      if (!index.has(a)) {
        const near = closest(a, [...index.keys()]);
        failAfter(j, k, `unknown stage '${a}'`, near !== undefined ? `did you mean '${near}'? (stages: ${[...index.keys()].join(', ')})` : `one of: ${[...index.keys()].join(', ')}`);
        ok = false;
      }
    }),
  );
  if (!ok) return undefined;
  const waiting = stages.map((s) => new Set(s.after).size);
  const order: number[] = [];
  const done = new Set<number>();
  while (order.length < stages.length) {
    const next = waiting.findIndex((n, j) => n === 0 && !done.has(j));
    if (next < 0) break;
    done.add(next);
    order.push(next);
    const name = stages[next]?.name;
    stages.forEach((s, j) => {
      if (name !== undefined && new Set(s.after).has(name)) waiting[j] = (waiting[j] ?? 1) - 1;
    });
  }
  if (order.length === stages.length) return order;
  const cycle = findCycle(stages, index, done);
  const first = cycle[0] ?? 0;
  const second = stages[cycle[1] ?? first]?.name ?? '';
  const k = Math.max(0, stages[first]?.after.indexOf(second) ?? 0);
  failAfter(first, k, `the stages form a cycle: ${[...cycle, first].map((j) => stages[j]?.name ?? '').join(' → ')} (each waits for the next)`, 'a pipeline is a DAG: drop one of these dependencies');
  return undefined;
}

/** A cycle among the stages not ordered: follow `after` from one of them until a stage repeats. */
function findCycle(stages: readonly StageNode[], index: ReadonlyMap<string, number>, done: ReadonlySet<number>): number[] {
  let current = stages.findIndex((_, j) => !done.has(j));
  const path: number[] = [];
  const seen = new Map<number, number>();
  while (!seen.has(current)) {
    seen.set(current, path.length);
    path.push(current);
    const next = stages[current]?.after.map((a) => index.get(a) ?? -1).find((j) => j >= 0 && !done.has(j));
    if (next === undefined) break;
    current = next;
  }
  return path.slice(seen.get(current) ?? 0);
}
