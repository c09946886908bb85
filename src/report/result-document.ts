import { isRecord } from '../support/is-record.js';
import type { Estimate } from '../metrics/confidence-interval.js';
import type { Scenario } from '../scenario/scenario.js';

/**
 * What reports read from a simulation result: the part of `SimulationResult` (src/simulate.ts,
 * docs/result-schema.md) every 1.x result has. Everything else (pools, inference, cost, time series…)
 * is looked up by path at run time and a section is rendered only when its data exist, so results of
 * older or newer minor versions, with or without a `cost` section, all make reports.
 */
export interface ResultDocument {
  readonly schemaVersion: string;
  readonly scenario: ScenarioHeader;
  readonly complete?: boolean;
  /** 1.4: set when a runaway stopped the run (stopped_by 'overload'); reports say why */
  readonly overload?: { readonly reason: string };
  /** mean ± 95% CI of every per-replication figure: an object tree whose leaves are Estimates */
  readonly summary: object;
  /**
   * one entry per replication; may be empty (compact sweep results): per-replication figures (paired
   * deltas, time series) are then unavailable and deltas use Welch's interval from the summary
   */
  readonly replications: readonly object[];
  /** set by sweeps on each variant's result: the parameter values that made this variant */
  readonly variant?: { readonly id?: string; readonly parameters: Readonly<Record<string, unknown>> };
}

/** Replications behind the summary: the array's length, or the scenario's count when the array was left out. */
export function replicationCount(result: ResultDocument): number {
  return result.replications.length > 0 ? result.replications.length : result.scenario.replications;
}

/** The scenario fields a result's header keeps (sweep variant results keep only these). */
export type ScenarioHeader = Pick<Scenario, 'name' | 'description' | 'seed' | 'horizon' | 'warmup' | 'replications'> & { readonly costs?: Scenario['costs'] };

/** The value at `path` under `root`, or undefined (arrays are indexed by numeric keys). */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

export function isEstimate(value: unknown): value is Estimate {
  return isRecord(value) && typeof value['mean'] === 'number' && typeof value['n'] === 'number' && 'half_width' in value;
}

/** The Estimate at `path` in the result's summary, or undefined. */
export function summaryEstimate(result: ResultDocument, path: readonly (string | number)[]): Estimate | undefined {
  const v = valueAt(result.summary, path);
  return isEstimate(v) ? v : undefined;
}

/** The number at `path` in every replication (in order), or undefined when any replication lacks it. */
export function replicationValues(result: ResultDocument, path: readonly (string | number)[]): number[] | undefined {
  const out: number[] = [];
  for (const r of result.replications) {
    const v = valueAt(r, path);
    if (typeof v !== 'number') return undefined;
    out.push(v);
  }
  return out.length > 0 ? out : undefined;
}

/** Keys of the object at `path` in the summary (e.g. pool ids under `pools`), in document order. */
export function summaryKeys(result: ResultDocument, path: readonly string[]): string[] {
  const v = valueAt(result.summary, path);
  return v !== null && typeof v === 'object' && !isEstimate(v) ? Object.keys(v) : [];
}

/** A sequence stored as an array, or as an index-keyed object (how `summary` holds summarised arrays). */
export function sequence(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    return items;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k, i) => k === String(i))) return undefined;
  return keys.map((k) => (isRecord(value) ? value[k] : undefined));
}
