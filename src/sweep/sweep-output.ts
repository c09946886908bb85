import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BufferedFile, STDOUT, writeFileAtomic } from '../support/write-atomic.js';
import { DigestCollector, type ContentDigests } from './content-digest.js';
import { csvRecord, type CsvCell } from '../report/csv-writer.js';
import { TOOL_NAME, TOOL_VERSION } from '../support/version.js';
import { MAX_LISTED_FAILURES, type RankedVariant, type SweepAnalyser, type SweepAnalysis, type VariantVerdict } from './analysis.js';
import type { SweepDefinition } from './load-sweep.js';
import { formatMetric, METRICS } from './result-metrics.js';
import { formatEstimate } from '../report/estimate-text.js';
import type { Shard } from './shard.js';
import type { VariantRecord } from './variant-record.js';
import { MAX_HTML_VARIANTS, sweepHtml } from './sweep-html.js';
import { escapeControlChars } from '../support/escape-control-chars.js';
import { robustMarkdown } from './robust-text.js';
import type { SweepResultHeader } from './sweep-result-header.js';

export type { SweepResultHeader } from './sweep-result-header.js';

/** Version of the sweep result format (docs/sweeps.md). Bump the major on any breaking change. */
export const SWEEP_RESULT_SCHEMA_VERSION = '1.1.0';

/** A whole results file as read back (merge). */
export interface SweepResultFile extends SweepResultHeader {
  readonly variants: readonly VariantRecord[];
  readonly analysis: SweepAnalysis;
  /** since 1.1.0: what merge checks the content against (src/sweep/content-digest.ts) */
  readonly digests: ContentDigests;
}

export function makeHeader(definition: SweepDefinition, hash: string, variantsHash: string, shard: Shard | undefined): SweepResultHeader {
  return {
    schemaVersion: SWEEP_RESULT_SCHEMA_VERSION,
    kind: 'sweep-result',
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    sweep: { ...definition, hash, variants_hash: variantsHash },
    ...(shard && { shard }),
    metrics: Object.fromEntries(METRICS.map((m) => [m.name, { unit: m.unit, description: m.description }])),
  };
}

export interface WriteSweepOutputsOptions {
  /** where `-` (the JSON on stdout) goes */
  readonly stdout?: (text: string) => void;
  /** aborting stops the writing: no results file is left, complete or not */
  readonly signal?: AbortSignal;
}

/** Records written between two looks at the stop signal. */
const YIELD_EVERY = 200;

/** The files a sweep writes into its output folder: `sweep.*` for a whole sweep, `shard-<i>-of-<n>.*` for a shard. */
export interface SweepOutputFiles {
  readonly json: string;
  readonly csv: string;
  readonly markdown: string;
  readonly html: string;
}

export function outputFiles(dir: string, shard: Shard | undefined): SweepOutputFiles {
  const stem = shard ? `shard-${shard.index}-of-${shard.count}` : 'sweep';
  return { json: join(dir, `${stem}.json`), csv: join(dir, `${stem}.csv`), markdown: join(dir, `${stem}.md`), html: join(dir, `${stem}.html`) };
}

/** Same stem as `json` for the CSV, Markdown and HTML beside it (merge's `-o sweep.json`); `-` is the JSON on stdout alone. */
export function filesBeside(json: string): SweepOutputFiles {
  if (json === STDOUT) return { json, csv: STDOUT, markdown: STDOUT, html: STDOUT };
  const stem = json.replace(/\.json$/i, '');
  return { json, csv: `${stem}.csv`, markdown: `${stem}.md`, html: `${stem}.html` };
}

/** Variants listed one per row in the Markdown summary when the sweep is this small. */
const MARKDOWN_ALL_VARIANTS = 50;
/** Metrics the Markdown tables show besides those the sweep's expressions use, when present. */
const KEY_METRICS = ['p95_wait', 'mean_wait', 'utilisation', 'throughput', 'tco', 'tco_per_gpu_hour'];

/**
 * Streams the records (index order) into the JSON results file, the CSV (one row per variant) and
 * the Markdown summary, analysing them on the way; every file is written to a temporary name and
 * renamed when complete. Returns the analysis. `signal` aborting stops it (throwing the signal's reason)
 * with no file written. The JSON is byte-stable: a variant is one line
 * (`JSON.stringify` of its record), the rest is indented by 2 like `JSON.stringify(…, null, 2)`.
 * @throws InputError from the analysis (then no file is left behind).
 */
export async function writeSweepOutputs(
  files: SweepOutputFiles,
  header: SweepResultHeader,
  records: Iterable<VariantRecord>,
  analyser: SweepAnalyser,
  options: WriteSweepOutputsOptions = {},
): Promise<{ analysis: SweepAnalysis; html: boolean; htmlMs: number }> {
  const { stdout, signal } = options;
  // `-o -` (merge): the JSON on stdout, no CSV, Markdown or HTML beside it
  const jsonOnly = files.json === STDOUT;
  const json = new BufferedFile(files.json, stdout);
  const csv = jsonOnly ? undefined : new BufferedFile(files.csv);
  const digests = new DigestCollector(header);
  let analysis: SweepAnalysis;
  const rows: MarkdownRow[] = [];
  const forHtml: VariantRecord[] | undefined = header.sweep.variants <= MAX_HTML_VARIANTS ? [] : undefined;
  const rankedForHtml: RankedVariant[] = [];
  const verdictsForHtml: VariantVerdict[] = [];
  try {
    const head = JSON.stringify(header, null, 2);
    json.write(`${head.slice(0, head.length - 2)},\n  "variants": [`);
    let columns: string[] | undefined;
    let first = true;
    let written = 0;
    for (const record of records) {
      // A stop signal is seen between records: the temporary files are then removed, nothing is renamed.
      if (++written % YIELD_EVERY === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
      }
      const verdict = analyser.add(record);
      digests.add(record);
      json.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(record)}`);
      first = false;
      if (columns === undefined) {
        columns = METRICS.map((m) => m.name).filter((m) => record.metrics[m] !== undefined);
        csv?.write(csvHeader(header, columns));
      }
      csv?.write(csvRow(record, columns, verdict, header));
      if (rows.length < MARKDOWN_ALL_VARIANTS + 1) rows.push({ record, verdict });
      forHtml?.push(record);
      if (forHtml && verdict.ranked) rankedForHtml.push(verdict.ranked);
      if (forHtml) verdictsForHtml.push(verdict);
    }
    if (columns === undefined) csv?.write(csvHeader(header, []));
    analysis = analyser.finish();
    json.write(`\n  ],\n  "analysis": ${JSON.stringify(analysis, null, 2).replace(/\n/g, '\n  ')},\n  "digests": ${digestsJson(digests.finish())}\n}\n`);
  } catch (err) {
    json.abort();
    csv?.abort();
    throw err;
  }
  if (csv === undefined) {
    // --json-only
    json.commit();
    return { analysis, html: false, htmlMs: 0 };
  }
  const htmlStarted = performance.now();
  const front = { objectives: analysis.objectives, ranked: rankedForHtml, front: analyser.frontIndices() };
  const html =
    forHtml && forHtml.length > 0
      ? sweepHtml(header, forHtml, front, { constraints: analysis.constraints, assertions: analysis.assertions.expressions, verdicts: verdictsForHtml }, analysis)
      : undefined;
  const htmlMs = performance.now() - htmlStarted;
  json.commit();
  csv.commit();
  writeFileAtomic(files.markdown, sweepMarkdown(header, analysis, rows.length <= MARKDOWN_ALL_VARIANTS ? rows : undefined));
  if (html === undefined) rmSync(files.html, { force: true });
  else writeFileAtomic(files.html, html);
  return { analysis, html: html !== undefined, htmlMs };
}

/** The digests, one variant digest per line like the variants above them. */
function digestsJson(d: ContentDigests): string {
  return `{\n    "algorithm": ${JSON.stringify(d.algorithm)},\n    "header": ${JSON.stringify(d.header)},\n    "variants": [${d.variants.map((v) => `\n      ${JSON.stringify(v)}`).join(',')}${d.variants.length > 0 ? '\n    ' : ''}]\n  }`;
}

function csvHeader(header: SweepResultHeader, metrics: readonly string[]): string {
  const unit = (m: string) => {
    const u = header.metrics[m]?.unit ?? '';
    return u === '' ? m : `${m} [${u}]`;
  };
  return csvRecord([
    'variant',
    ...header.sweep.parameters.map((p) => p.name),
    'complete',
    ...(header.sweep.constraints.length > 0 ? ['feasible'] : []),
    'failed_assertions',
    // the interval's bounds, not a half-width: most intervals are not symmetric about the mean (src/metrics/bounded-interval.ts)
    ...metrics.flatMap((m) => [unit(m), `${m} 95% low`, `${m} 95% high`]),
  ]);
}

function csvRow(record: VariantRecord, metrics: readonly string[], verdict: { feasible: boolean; failed: readonly string[] }, header: SweepResultHeader): string {
  return csvRecord([
    record.index,
    ...header.sweep.parameters.map((p): CsvCell => record.parameters[p.name] ?? null),
    record.complete,
    ...(header.sweep.constraints.length > 0 ? [verdict.feasible] : []),
    verdict.failed.join('; '),
    ...metrics.flatMap((m): CsvCell[] => {
      const e = record.metrics[m];
      return e ? [e.mean, e.low, e.high] : [null, null, null];
    }),
  ]);
}

interface MarkdownRow {
  readonly record: VariantRecord;
  readonly verdict: { readonly feasible: boolean; readonly failed: readonly string[] };
}

const mdCell = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return escapeControlChars(s)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
};
/** Text inside a code span: literal there, so only table pipes and line breaks need care. */
const mdCode = (v: string): string =>
  `\`${escapeControlChars(v)
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/`/g, "'")}\``;

/**
 * The Markdown summary (for `$GITHUB_STEP_SUMMARY`, a PR comment or a wiki): the verdict of the gates
 * first, then the best variants and the Pareto front. Bounded in size whatever the sweep (≤ ~200 kB).
 */
export function sweepMarkdown(header: SweepResultHeader, a: SweepAnalysis, rows: readonly MarkdownRow[] | undefined): string {
  const s = header.sweep;
  const out: string[] = [];
  const params = s.parameters.map((p) => p.name);
  const title = header.shard ? `Sweep ${s.name} — shard ${header.shard.index}/${header.shard.count}` : `Sweep ${s.name}`;
  out.push(`## ${mdCell(title)}`, '');
  if (s.description) out.push(mdCell(s.description), '');
  const gates = a.assertions.expressions.length;
  const verdict =
    gates === 0
      ? 'no assertions'
      : a.assertions.passed
        ? `✅ all ${a.variants.toLocaleString('en-US')} variants pass ${gates} assertion${gates > 1 ? 's' : ''}`
        : `❌ ${a.assertions.failed_variants.toLocaleString('en-US')} of ${a.variants.toLocaleString('en-US')} variants fail an assertion`;
  out.push(
    `**${verdict}** · ${a.variants.toLocaleString('en-US')} variants × ${s.replications} replication${s.replications > 1 ? 's' : ''} (seed ${s.seed}, common random numbers) · ${samplingText(s.sampling)}${a.incomplete > 0 ? ` · ⚠️ ${a.incomplete} incomplete` : ''}${a.overloaded > 0 ? ` · ⚠️ ${a.overloaded} overloaded (infeasible)` : ''}${a.rejecting ? ` · ⚠️ ${a.rejecting} with rejected jobs (infeasible)` : ''}`,
    '',
  );
  // the decision in one line, as a pull-request comment opens (the tables below are its detail)
  const top = a.best[0];
  if (top) {
    const by = a.objectives.map((o, i) => `${o.direction === 'minimise' ? 'lowest' : 'highest'} ${mdCode(o.expression)} ${mdCell(top.objectives[i]?.display ?? '')}`).join(', then ');
    out.push(
      `**Best:** variant ${top.index} (${mdCell(paramText(top.parameters))}): ${by}${s.constraints.length > 0 ? `, among the ${a.feasible.toLocaleString('en-US')} meeting the constraints` : ''}`,
      '',
    );
  }
  if (a.overloads.length > 0) {
    out.push('### Overloaded variants (stopped, infeasible)', '', '| variant | parameters | reason |', '| --- | --- | --- |');
    for (const o of a.overloads.slice(0, 100)) out.push(`| ${o.index} | ${mdCell(paramText(o.parameters))} | ${mdCell(o.reason)} |`);
    out.push('');
  }
  if (a.rejections && a.rejections.length > 0) {
    out.push('### Variants that reject jobs (infeasible)', '', '| variant | parameters | reason |', '| --- | --- | --- |');
    for (const r of a.rejections.slice(0, 100)) out.push(`| ${r.index} | ${mdCell(paramText(r.parameters))} | ${mdCell(r.reason)} |`);
    out.push('');
  }
  if (s.parameters.length > 0) {
    out.push('| parameter | scenario path | values |', '| --- | --- | --- |');
    for (const p of s.parameters) out.push(`| ${mdCell(p.name)} | ${mdCell(p.path ?? '—')} | ${mdCode(p.spec)} |`);
    out.push('');
  }
  if (a.assertions.failures.length > 0) {
    out.push('### Assertion failures', '', '| variant | parameters | assertion | values |', '| --- | --- | --- | --- |');
    const listed = a.assertions.failures.slice(0, 100);
    for (const f of listed) {
      out.push(
        `| ${f.index} | ${mdCell(paramText(f.parameters))} | ${mdCode(f.assertion)} | ${mdCell(
          Object.entries(f.values)
            .map(([k, v]) => `${k} = ${v}`)
            .join(', '),
        )} |`,
      );
    }
    if (a.assertions.failures.length > listed.length || a.assertions.failures.length >= MAX_LISTED_FAILURES) out.push('', '…and more: see the JSON or CSV results.');
    out.push('');
  }
  if (s.constraints.length > 0) out.push(`**Feasible:** ${a.feasible.toLocaleString('en-US')} of ${a.variants.toLocaleString('en-US')} variants meet ${s.constraints.map(mdCode).join(', ')}`, '');
  if (a.feasibility) out.push(FEASIBILITY_TEXT[a.feasibility], '');
  out.push(...robustMarkdown(a, mdCell));
  if (a.objectives.length > 0) {
    const heads = a.objectives.map((o) => `${o.direction === 'minimise' ? 'min' : 'max'} ${mdCell(o.expression)}`);
    const table = (list: typeof a.best) => {
      out.push(
        `| rank | variant | ${[...params.map(mdCell), ...heads].join(' | ')} |`,
        `| ${Array(2 + params.length + heads.length)
          .fill('---')
          .join(' | ')} |`,
      );
      list.forEach((v, i) => out.push(`| ${i + 1} | ${v.index} | ${[...params.map((p) => mdCell(v.parameters[p])), ...v.objectives.map((o) => mdCell(o.display))].join(' | ')} |`));
      out.push('');
    };
    out.push(`### Best variants`, '');
    if (a.best.length === 0) out.push('No variant is feasible.', '');
    else table(a.best.slice(0, 25));
    if (a.objectives.length >= 2 && a.pareto.length > 0) {
      out.push(`### Pareto front (${a.pareto_size} variant${a.pareto_size > 1 ? 's' : ''})`, '');
      table(a.pareto.slice(0, 50));
      if (a.pareto_size > 50) out.push(`…${a.pareto_size - 50} more in the JSON results.`, '');
    }
  }
  if (rows && rows.length > 0) {
    const used = new Set([...a.objectives.map((o) => o.expression.trim()), ...s.constraints, ...a.assertions.expressions].flatMap((e) => e.match(/[A-Za-z_]\w*/g) ?? []));
    const metrics = [...new Set([...METRICS.map((m) => m.name).filter((m) => used.has(m)), ...KEY_METRICS])].filter((m) => rows[0]?.record.metrics[m] !== undefined).slice(0, 8);
    out.push('### All variants', '', `| variant | ${[...params.map(mdCell), ...metrics, ...(s.constraints.length > 0 ? ['feasible'] : []), ...(gates > 0 ? ['assertions'] : [])].join(' | ')} |`);
    out.push(
      `| ${Array(1 + params.length + metrics.length + (s.constraints.length > 0 ? 1 : 0) + (gates > 0 ? 1 : 0))
        .fill('---')
        .join(' | ')} |`,
    );
    for (const { record, verdict } of rows) {
      const cells = [
        String(record.index),
        ...params.map((p) => mdCell(record.parameters[p])),
        ...metrics.map((m) => {
          const e = record.metrics[m];
          return e ? mdCell(formatEstimate(e, (x) => formatMetric(m, x))) : '';
        }),
        ...(s.constraints.length > 0 ? [verdict.feasible ? 'yes' : record.overload ? 'no (overload)' : (record.metrics['jobs_rejected']?.mean ?? 0) > 0 ? 'no (jobs rejected)' : 'no'] : []),
        ...(gates > 0 ? [verdict.failed.length === 0 ? '✅' : `❌ ${mdCell(verdict.failed.join('; '))}`] : []),
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  out.push(`<sub>sweep ${mdCell(s.hash.slice(0, 19))} · ${mdCell(header.tool.name)} ${mdCell(header.tool.version)}</sub>`, '');
  return out.join('\n');
}

/** How the constraints and assertions read the metrics, when the analysis says (analysis.ts `feasibility`). */
const FEASIBILITY_TEXT = {
  pessimistic: 'Constraints and assertions are read at the worse end of each metric’s 95 % interval (`--feasibility mean` reads the means).',
  mean: 'Constraints and assertions are read on the means over replications (`--feasibility mean`).',
} as const;

function samplingText(s: SweepDefinition['sampling']): string {
  return s.kind === 'grid' ? 'full grid' : `${s.kind} sampling, ${s.samples} samples, seed ${s.seed}`;
}

function paramText(p: Readonly<Record<string, unknown>>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
