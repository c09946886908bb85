import type { InputProblem } from '../support/input-error.js';
import type { Catalog } from '../scenario/catalog.js';
import type { YamlSource } from '../scenario/yaml-file.js';
import type { Gate, Objective } from './sweep-expressions.js';
import type { FeasibilityRule } from '../metrics/feasibility.js';
import type { RobustSpec } from './robust-analysis.js';
import type { Sampling, Variant, VariantSpace } from './variant-space.js';

export interface LoadSweepOptions {
  readonly catalog?: Catalog;
  /** overrides the file's `max_variants` */
  readonly maxVariants?: number;
  /** `--assert` gates from the command line */
  readonly asserts?: readonly string[];
  /** `--replications`: overrides the sweep file's and the base scenario's */
  readonly replications?: number;
  /** keep time series, usage ledgers and monthly cost series in variant results (default: left out) */
  readonly fullResults?: boolean;
  /** the file already read and parsed (a FIFO can be read only once) */
  readonly source?: YamlSource;
  /** `--feasibility`: how constraints and assertions read the metrics (default pessimistic) */
  readonly feasibility?: FeasibilityRule;
}

/** How a parameter was written, for the result file. */
export interface ParameterInfo {
  readonly name: string;
  /** the concrete scenario path (`workloads[0].arrivals.rate`), or null for a value used only in expressions */
  readonly path: string | null;
  readonly kind: 'values' | 'expr';
  /** the values (`[8, 16]`, `range(8, 128, 8)`) or the expression */
  readonly spec: string;
  /** only in a sweep with assumption parameters, on its values parameters: what the robust analysis makes of it */
  readonly role?: 'decision' | 'assumption';
}

/** A validated sweep, ready to run: nothing in it holds more than one variant at a time. */
export interface SweepPlan {
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  /** the file the base scenario came from (the sweep file itself for an inline base) */
  readonly baseFile: string;
  /** the base scenario as a plain YAML value, with the sweep's `seed`/`replications` applied */
  readonly baseValue: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly replications: number;
  readonly parameters: readonly ParameterInfo[];
  readonly sampling: Sampling;
  readonly space: VariantSpace;
  readonly objectives: readonly Objective[];
  readonly constraints: readonly Gate[];
  /** the file's assertions, then the command line's */
  readonly assertions: readonly Gate[];
  readonly best: number;
  /** `--feasibility`, when given */
  readonly feasibility?: FeasibilityRule;
  /** decisions and assumptions, when some parameter is an assumption */
  readonly robust?: RobustSpec;
  readonly catalogDir: string;
  readonly fullResults: boolean;
  /** identifies what every variant result depends on (base, catalog, parameters, sampling, tool version) */
  readonly variantsHash: string;
  /** identifies the whole sweep: `variantsHash` plus name, objectives, constraints and file assertions */
  readonly hash: string;
  /** the definition as recorded in result files */
  readonly definition: SweepDefinition;
  /** the trace files the base scenario replays (a sweep's outputs may not replace them) */
  readonly traceFiles: readonly string[];
  /** turns problems of a variant's scenario into problems located in the sweep or base file */
  relocate(problems: readonly InputProblem[], variant: Variant): InputProblem[];
  /** `nodes = 16, rate = 2.2 /h` */
  describe(variant: Pick<Variant, 'parameters'>): string;
  /** where a parameter's values or expression are written in the sweep file */
  locateParameter: (name: string) => { readonly file: string; readonly line: number; readonly col: number; readonly field: string };
}

/** The sweep definition recorded in result files (and hashed). */
export interface SweepDefinition {
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  readonly replications: number;
  readonly parameters: readonly ParameterInfo[];
  readonly sampling: Sampling;
  readonly variants: number;
  readonly objectives: readonly { readonly direction: 'minimise' | 'maximise'; readonly expression: string }[];
  readonly constraints: readonly string[];
  readonly assertions: readonly string[];
  readonly best: number;
  readonly full_results: boolean;
  /** only in a sweep with assumption parameters: the share of scenarios a decision must meet */
  readonly robust?: { readonly quantile: number };
}
