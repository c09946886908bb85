import type { KpiUnit } from '../kpi-definition.js';

/**
 * Charts as plain data (embedded in the page as JSON, exported as CSV, rendered to SVG at generation
 * time). Every spec says what it shows in words (`title`, `description`) for screen readers and for
 * the data table printed behind it.
 */

export interface Axis {
  readonly label: string;
  readonly unit: KpiUnit | 'time';
  readonly suffix?: string;
  /** fixed domain, e.g. [0, 1] for utilisation */
  readonly domain?: readonly [number, number];
}

interface ChartBase {
  /** unique in the page; a safe token (letters, digits, hyphens) */
  readonly id: string;
  /** what the chart is, for `data-chart` and the CSV file name: `utilisation`, `queue`, `wait-cdf`… */
  readonly kind: string;
  readonly title: string;
  readonly description: string;
  /** scope of the chart, e.g. the pool id (shown and used as `data-scope`) */
  readonly scope?: string;
}

/** Lines over a numeric x: time series, cumulative cost, a KPI over a swept parameter. */
export interface LineChartSpec extends ChartBase {
  readonly type: 'line';
  readonly x: Axis;
  readonly y: Axis;
  readonly series: readonly { readonly name: string; readonly color: number; readonly points: readonly (readonly [number, number])[] }[];
  /** labelled points (break-even) drawn over the lines */
  readonly markers?: readonly { readonly x: number; readonly y: number; readonly label: string }[];
  /** a shaded band per series index: (x, low, high) points, e.g. the 95% interval of a mean over replications */
  readonly bands?: readonly { readonly series: number; readonly points: readonly (readonly [number, number, number])[] }[];
  /** vertical error bars (95% CI) at points, per series index */
  readonly errorBars?: readonly { readonly series: number; readonly x: number; readonly low: number; readonly high: number }[];
}

/** Measured quantiles as points of the empirical CDF (no values between them are invented). */
export interface QuantileChartSpec extends ChartBase {
  readonly type: 'quantiles';
  readonly x: Axis;
  /** `log` for heavy tails (the rule is in src/report/distribution-charts.ts); default linear */
  readonly xScale?: 'linear' | 'log';
  /** a target on the x axis (an SLO), drawn as a labelled vertical rule */
  readonly target?: { readonly value: number; readonly label: string };
  readonly series: readonly { readonly name: string; readonly color: number; readonly points: readonly { readonly p: number; readonly value: number }[] }[];
}

/** One horizontal bar per row, split into components. */
export interface StackedBarChartSpec extends ChartBase {
  readonly type: 'stacked-bars';
  readonly x: Axis;
  readonly bars: readonly string[];
  readonly components: readonly string[];
  /** values[bar][component], ≥ 0 */
  readonly values: readonly (readonly number[])[];
}

/** A sensitivity tornado: each driver moved to its low and high setting around the base value. */
export interface TornadoChartSpec extends ChartBase {
  readonly type: 'tornado';
  readonly x: Axis;
  readonly base: number;
  readonly rows: readonly { readonly label: string; readonly lowSetting: string; readonly highSetting: string; readonly low: number; readonly high: number }[];
}

/** A KPI over two swept parameters; cells without a variant are left empty. */
export interface HeatmapChartSpec extends ChartBase {
  readonly type: 'heatmap';
  readonly xParameter: string;
  readonly yParameter: string;
  readonly xValues: readonly (number | string)[];
  readonly yValues: readonly (number | string)[];
  readonly value: Axis;
  /** better direction of the KPI: the colour scale puts good values at the same end whatever it is */
  readonly better: 'higher' | 'lower' | 'neither';
  readonly cells: readonly { readonly x: number | string; readonly y: number | string; readonly value: number; readonly label: string }[];
}

/** Cost against service level, every variant a point, the non-dominated ones joined as the Pareto front. */
export interface ParetoChartSpec extends ChartBase {
  readonly type: 'pareto';
  readonly x: Axis;
  readonly y: Axis;
  readonly yBetter: 'higher' | 'lower';
  readonly points: readonly { readonly label: string; readonly x: number; readonly y: number; readonly front: boolean }[];
}

/** Pipeline runs stage by stage (a Gantt chart): one row per run, times after the run's trigger. */
export interface GanttChartSpec extends ChartBase {
  readonly type: 'gantt';
  readonly x: Axis;
  /** stage names, in the pipeline's order: their colours and the legend */
  readonly stages: readonly string[];
  readonly rows: readonly {
    readonly label: string;
    readonly status: string;
    /** s after the trigger */
    readonly deadline?: number;
    readonly bars: readonly { readonly stage: string; readonly from: number; readonly to: number }[];
  }[];
}

/** Layers stacked over a numeric x (a lake's size by tier over the months): each layer's values at `xs`, ≥ 0. */
export interface StackedAreaChartSpec extends ChartBase {
  readonly type: 'stacked-area';
  readonly x: Axis;
  readonly y: Axis;
  readonly xs: readonly number[];
  readonly layers: readonly { readonly name: string; readonly values: readonly number[] }[];
}

export type ChartSpec = LineChartSpec | QuantileChartSpec | StackedBarChartSpec | TornadoChartSpec | HeatmapChartSpec | ParetoChartSpec | GanttChartSpec | StackedAreaChartSpec;

/** The table behind a chart: column headers and rows of text or numbers (numbers as computed, unformatted). */
export interface DataTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}
