import type { ValueCount } from './count-table.js';
import type { DistributionSummary } from './distribution-collector.js';
import type { TraceInspection } from './inspect-trace.js';

/** Plain-text report of a TraceInspection for a terminal (no colour, no trailing spaces). Pure. */
export function formatTraceInspection(x: TraceInspection): string {
  const out: string[] = [];
  out.push(`trace   ${x.file}  (format ${x.format}, ${x.kind})`);
  out.push(`rows    ${num(x.rowsRead)} read, ${num(x.rowsKept)} kept, ${num(x.rowsSkipped)} skipped${x.records !== x.rowsKept ? `; ${num(x.records)} after transforms` : ''}`);
  for (const issue of x.issues) {
    const what = issue.severity === 'warning' ? 'warning' : issue.severity === 'info' ? 'skipped' : 'skipped (bad)';
    out.push(`        ${what}: ${issue.reason} × ${num(issue.count)}`);
  }
  for (const e of x.examples.slice(0, 10)) out.push(`        e.g. line ${e.line}${e.field === undefined ? '' : ` ${e.field}`}: ${e.message}`);
  if (x.swfHeader !== undefined) {
    const h = x.swfHeader;
    const parts = [
      h.computer === undefined ? undefined : `${h.computer}${h.installation === undefined ? '' : ` at ${h.installation}`}`,
      h.maxProcs === undefined ? undefined : `MaxProcs ${h.maxProcs}`,
      h.maxNodes === undefined ? undefined : `MaxNodes ${h.maxNodes}`,
      h.timeZoneString,
    ].filter((p): p is string => p !== undefined);
    out.push(`header  ${parts.join(', ')}`);
    for (const note of h.notes) out.push(`        note: ${note.split('\n').join(' ')}`);
  }
  if (x.origin !== undefined) out.push(`origin  ${new Date(x.origin * 1000).toISOString()} (time 0, UTC)`);
  if (x.time !== undefined) {
    const t = x.time;
    out.push(`time    ${dur(t.first)} → ${dur(t.last)}, span ${dur(t.span)}, ${rate(t.arrivalRate)}`);
  } else {
    out.push('time    no records');
  }
  if (x.jobs !== undefined) {
    const j = x.jobs;
    out.push(`devices (${j.deviceKind}) ${counts(j.devices, 16, (v) => num(v))}`);
    if (j.cpuOnly > 0) out.push(`        cpu-only rows ${num(j.cpuOnly)}`);
    distribution(out, 'runtime', j.runtime, dur);
    distribution(out, 'request', j.requestedTime, dur);
    distribution(out, 'wait', j.recordedWait, dur);
    if (j.requestedTime !== undefined) out.push(`        runtime > requested time: ${num(j.runtimeOverRequest)} jobs`);
    out.push(`load    ${num(j.deviceSeconds / 3600)} device-hours, ${num(j.offeredLoad)} devices busy on average (offered)`);
    out.push(`people  ${num(j.users)} users, ${num(j.groups)} groups, ${num(j.queues)} queues${j.distinctCapped ? ' (at least)' : ''}`);
    if (j.statuses.length > 0) out.push(`status  ${counts(j.statuses, 8, String)}`);
    if (j.qos.length > 0) out.push(`qos     ${counts(j.qos, 8, String)}`);
    if (j.queueSizes.length > 0) out.push(`queues  ${counts(j.queueSizes, 8, String)}`);
    if (j.gpuModels.length > 0) out.push(`gpus    ${counts(j.gpuModels, 8, String)}`);
  }
  if (x.requests !== undefined) {
    const r = x.requests;
    distribution(out, 'input', r.inputTokens, tokens);
    distribution(out, 'output', r.outputTokens, tokens);
    out.push(`tokens  ${num(r.totalInputTokens)} in, ${num(r.totalOutputTokens)} out`);
  }
  return `${out.join('\n')}\n`;
}

function distribution(out: string[], label: string, d: DistributionSummary | undefined, f: (v: number) => string): void {
  if (d === undefined) return;
  out.push(`${label.padEnd(7)} min ${f(d.min)}  mean ${f(d.mean)}  p50 ${f(d.p50)}  p95 ${f(d.p95)}  p99 ${f(d.p99)}  max ${f(d.max)}  (n ${num(d.count)})`);
}

function counts<K>(entries: readonly ValueCount<K>[], max: number, label: (v: K) => string): string {
  const shown = entries.length > max ? [...entries].sort((a, b) => b.count - a.count).slice(0, max) : entries;
  const text = shown.map((e) => `${label(e.value)}: ${num(e.count)}`).join(', ');
  return entries.length > max ? `${text}, … (${entries.length - max} more values)` : text;
}

function num(x: number): string {
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 1e-3) return String(Number(x.toPrecision(3)));
  return x.toExponential(2);
}

function tokens(x: number): string {
  return num(Math.round(x * 10) / 10);
}

function dur(seconds: number): string {
  const a = Math.abs(seconds);
  if (a < 120) return `${num(seconds)} s`;
  if (a < 7200) return `${num(seconds / 60)} min`;
  if (a < 172_800) return `${num(seconds / 3600)} h`;
  return `${num(seconds / 86_400)} d`;
}

function rate(perSecond: number): string {
  if (perSecond === 0) return 'arrival rate n/a';
  if (perSecond >= 1) return `${num(perSecond)} arrivals/s`;
  if (perSecond * 3600 >= 1) return `${num(perSecond * 3600)} arrivals/h`;
  return `${num(perSecond * 86_400)} arrivals/d`;
}
