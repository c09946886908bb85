import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMetricsStart } from '../../src/cli/metrics-start.js';
import { escapeLabelValue, METRIC_FAMILIES, resultToOpenMetrics } from '../../src/report/openmetrics.js';
import type { SimulationResult } from '../../src/simulate/simulate.js';

/** The OpenMetrics text of `simulate run --metrics`, checked against the format's rules by an independent reader. */

interface Series {
  t: number[];
  busy_devices: number[];
  queue_length: number[];
  online_devices: number[];
}

/** A result with just what the export reads: the scenario's sites and pools, and per replication the series. */
function fakeResult(name: string, pools: { site: string; name: string }[], replications: Series[][]): SimulationResult {
  const sites = [...new Set(pools.map((p) => p.site))].map((site) => ({
    name: site,
    pools: pools.filter((p) => p.site === site).map((p) => ({ id: `${p.site}/${p.name}`, site: p.site, name: p.name })),
  }));
  const reps = replications.map((perPool, r) => ({ replication: r, timeseries: Object.fromEntries(pools.map((p, i) => [`${p.site}/${p.name}`, perPool[i]!])) }));
  return { scenario: { name, sites }, replications: reps } as unknown as SimulationResult;
}

/** Undoes the label-value escapes by the format's rules (\\ \" \n), character by character. */
function unescape(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== '\\') out += v[i];
    else {
      const c = v[++i];
      out += c === 'n' ? '\n' : c!;
    }
  }
  return out;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp: number;
}

/** Reads sample lines: name{label="value",...} value timestamp — the label values may hold escaped quotes. */
function parseSample(line: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\} (\S+) (\S+)$/.exec(line);
  if (!m) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
  const labels: Record<string, string> = {};
  for (const l of m[2]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/g)) labels[l[1]!] = unescape(l[2]!);
  return { name: m[1]!, labels, value: Number(m[3]), timestamp: Number(m[4]) };
}

const series = (t: number[], f: (x: number) => number): Series => ({ t, busy_devices: t.map(f), queue_length: t.map((x) => f(x) * 2), online_devices: t.map(() => 16) });
// names built from the characters the format treats specially, and a few it does not
const awkwardName = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', 'n', ' ', '{', '}', ',', '=', '#', 'é', '\u2028'), maxLength: 12 });
const START = Date.parse('2026-01-01T00:00:00Z');

describe('resultToOpenMetrics', () => {
  it('escapes backslash, double quote and line feed in label values so that a reader recovers them', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const awkward = 'gpu "fast"\\lane\nB';
    const text = resultToOpenMetrics(fakeResult('sc"en\\ario', [{ site: 'eu\nwest', name: awkward }], [[series([0, 10], (x) => x)]]), START);
    const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(samples).toHaveLength(6);
    for (const line of samples) expect(parseSample(line).labels).toEqual({ scenario: 'sc"en\\ario', replication: '1', site: 'eu\nwest', pool: awkward });
  });

  it('property: any pool and site names survive the round trip, every line is one sample or one comment', () => {
    fc.assert(
      fc.property(awkwardName, awkwardName, (site, pool) => {
        const text = resultToOpenMetrics(fakeResult('s', [{ site, name: pool }], [[series([0, 5], () => 1)]]), START);
        const lines = text.split('\n');
        expect(lines.at(-1)).toBe('');
        for (const line of lines.slice(0, -1).filter((l) => !l.startsWith('#'))) expect(parseSample(line).labels).toMatchObject({ site, pool });
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('writes each family contiguously, TYPE and HELP first, `# EOF` last, timestamps increasing per series', () => {
    const t = [0, 432.005, 864.01];
    const result = fakeResult(
      's',
      [
        { site: 'a', name: 'p' },
        { site: 'b', name: 'q' },
      ],
      [
        [series(t, (x) => x / 100), series(t, () => 3)],
        [series(t, () => 1), series(t, () => 2)],
      ],
    );
    const text = resultToOpenMetrics(result, START);
    const lines = text.split('\n');
    expect(lines.at(-2)).toBe('# EOF');
    expect(lines.at(-1)).toBe('');
    expect(lines.filter((l) => l === '# EOF')).toHaveLength(1);
    // the families in order, each a run of lines: TYPE, HELP, then only its own samples
    const familyOf = (l: string) => (l.startsWith('# ') ? l.split(' ')[2] : parseSample(l).name);
    const runs: string[] = [];
    for (const l of lines.slice(0, -2)) if (runs.at(-1) !== familyOf(l)) runs.push(familyOf(l)!);
    expect(runs).toEqual(METRIC_FAMILIES.map((f) => f.name));
    for (const f of METRIC_FAMILIES) {
      const at = lines.indexOf(`# TYPE ${f.name} gauge`);
      expect(lines[at + 1]).toMatch(new RegExp(`^# HELP ${f.name} \\S`));
      // 2 replications × 2 pools × 3 instants
      expect(lines.filter((l) => !l.startsWith('#') && l.startsWith(`${f.name}{`))).toHaveLength(12);
    }
    const lastStamp = new Map<string, number>();
    for (const l of lines.filter((x) => x !== '' && !x.startsWith('#'))) {
      const s = parseSample(l);
      const key = `${s.name}${JSON.stringify(s.labels)}`;
      expect(s.timestamp).toBeGreaterThan(lastStamp.get(key) ?? -Infinity);
      lastStamp.set(key, s.timestamp);
    }
    // hand-computed: 1767225600 s is 2026-01-01T00:00:00Z; 432.005 s later, to the millisecond
    expect(text).toContain('simulate_pool_busy_devices{scenario="s",replication="1",site="a",pool="p"} 4.32005 1767226032.005\n');
    expect(text).toContain('simulate_pool_queue_length{scenario="s",replication="2",site="b",pool="q"} 4 1767226464.01\n');
  });

  it('parses --metrics-start as an ISO instant with its zone, and nothing else', () => {
    expect(parseMetricsStart('2026-01-01T00:00:00Z')).toBe(1767225600000);
    expect(parseMetricsStart('2026-01-01T01:00:00+01:00')).toBe(1767225600000);
    expect(parseMetricsStart('2026-01-01T00:00:00.250Z')).toBe(1767225600250);
    expect(parseMetricsStart('2025-12-31T23:30:00-01:00')).toBe(1767225600000 + 30 * 60_000);
    for (const bad of ['2026-01-01', '2026-01-01T00:00:00', 'yesterday', '1767225600', '1969-12-31T23:59:59Z', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z'])
      expect(parseMetricsStart(bad), bad).toBeUndefined();
  });
});
