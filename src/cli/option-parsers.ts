import { mustAt } from '../support/must-get.js';
import { messageOf } from '../support/is-record.js';
import { MAX_REPLICATIONS } from '../scenario/replication-limit.js';
import { UsageError } from './exit-codes.js';
import { closest } from '../support/closest-name.js';
import { serviceMetrics, withPoolSize, type ServiceTarget } from '../planning/size-fleet.js';
import { parseFraction, parseQuantity } from '../scenario/units.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { FEASIBILITY_RULES, type FeasibilityRule } from '../metrics/feasibility.js';

/** Commander argument parsers shared by the commands: bad values are usage errors (exit 2). */

export function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got '${v}'`);
    return n;
  };
}

/** `--replications`: the bound a scenario or sweep file has (a million replications is a typo that runs for days). */
export function replicationsArg(v: string): number {
  const n = positiveInt('--replications')(v);
  if (n > MAX_REPLICATIONS) throw new UsageError(`--replications must be ≤ ${MAX_REPLICATIONS}, got '${v}' (as in a scenario file)`);
  return n;
}

export function seedArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new UsageError(`--seed must be an integer in [0, 2^32), got '${v}'`);
  return n;
}

/** --max-heap: a size with a unit ('4 GiB', '512 MB'), or a bare number of bytes. */
export function byteSizeArg(name: string) {
  return (text: string): number => {
    let bytes: number;
    try {
      bytes = /^\s*[0-9.eE+]+\s*$/.test(text) ? Number(text) : parseQuantity(text, 'bytes');
    } catch (err) {
      throw new UsageError(`${name}: ${messageOf(err)}; write a size such as '4 GiB' or '512 MB'`);
    }
    if (!(bytes >= 1) || !Number.isFinite(bytes)) throw new UsageError(`${name} must be a positive size such as '4 GiB' or '512 MB', got '${text}'`);
    return bytes;
  };
}

/** An option that takes one of a fixed list of words: anything else is a usage error with the nearest word and the list. */
export function choiceArg<T extends string>(name: string, what: string, choices: readonly T[]) {
  return (v: string): T => {
    const chosen = choices.find((c) => c === v);
    if (chosen !== undefined) return chosen;
    const near = closest(v, choices);
    throw new UsageError(`${name}: unknown ${what} '${v}'${near !== undefined ? ` (did you mean '${near}'?)` : ''}; ${what}s: ${choices.join(', ')}`);
  };
}

/** '4..16', '4..32:4' or '8,12,16' → sizes, ascending and distinct. */
export function parseSizes(text: string, option = '--nodes'): number[] {
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*(?::\s*(\d+))?\s*$/.exec(text);
  let sizes: number[];
  if (range) {
    const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
    if (step < 1 || to < from) throw new UsageError(`${option}: '${text}' is an empty range`);
    if ((to - from) / step > 1000) throw new UsageError(`${option}: '${text}' has more than 1,000 sizes`);
    sizes = [];
    for (let n = from; n <= to; n += step) sizes.push(n);
  } else {
    sizes = text.split(',').map((v) => Number(v.trim()));
    if (sizes.some((n) => !Number.isInteger(n) || n < 0)) throw new UsageError(`${option}: '${text}' is not '4..16', '4..32:4' or a list like '8,12,16'`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

export function parseTarget(text: string): ServiceTarget {
  const m = /^\s*([a-z_.0-9]+)\s*(<=|>=)\s*(.+?)\s*$/.exec(text);
  const metric = serviceMetrics.find((s) => s === m?.[1]);
  const limitText = m?.[3];
  if (!m || !metric || limitText === undefined) {
    throw new UsageError(`--target: '${text}' is not '<metric> <= <time>' or 'slo_attainment >= <fraction>'; metrics: ${serviceMetrics.join(', ')}`);
  }
  const attainment = metric === 'slo_attainment';
  if ((m[2] === '>=') !== attainment) throw new UsageError(`--target: use ${attainment ? '>=' : '<='} with ${metric}`);
  let limit: number;
  try {
    limit = attainment ? parseFraction(limitText) : parseQuantity(limitText, 'time');
  } catch (err) {
    throw new UsageError(`--target: ${messageOf(err)}`);
  }
  if (attainment && !(limit >= 0 && limit <= 1)) throw new UsageError(`--target: slo_attainment is a fraction from 0 to 1 (100 %), got '${m[3]}'`);
  if (!attainment && !(limit >= 0)) throw new UsageError(`--target: ${metric} is a duration of 0 or more, got '${m[3]}'`);
  return { metric, limit };
}

/**
 * What `size` can check before it simulates anything: the smallest size leaves the pool some nodes
 * (0 is allowed when nodes are bought later), and a service metric of inference needs an inference workload.
 */
export function checkSizing(scenario: ResolvedScenario, poolId: string, sizes: readonly number[], target: ServiceTarget, file: string): void {
  try {
    withPoolSize(scenario, poolId, mustAt(sizes, 0, 'size'));
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    if (err.message.includes('power-capped')) throw new UsageError(`--pool: ${err.message}`);
    throw new UsageError(`--nodes: ${err.message}; the smallest size must be 1 or more`);
  }
  if ((target.metric === 'slo_attainment' || target.metric.startsWith('ttft') || target.metric.startsWith('tpot')) && !scenario.workloads.some((w) => w.kind === 'inference')) {
    throw new UsageError(`--target: ${target.metric} measures inference workloads and ${file} has none; use wait.* or completion_time.* (metrics: ${serviceMetrics.join(', ')})`);
  }
}

/** `--feasibility pessimistic|mean` (src/metrics/feasibility.ts): how `size`, sweep constraints and `--assert` read a target. */
export function feasibilityArg(text: string): FeasibilityRule {
  const rule = FEASIBILITY_RULES.find((r) => r === text.trim());
  if (rule === undefined)
    throw new UsageError(`--feasibility: '${text}' is not ${FEASIBILITY_RULES.join(' or ')} (pessimistic: the worse end of the 95 % interval, the default; mean: the mean over replications)`);
  return rule;
}
