import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METRIC_FAMILIES, resultToOpenMetrics } from '../../src/report/openmetrics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { BUNDLED_SCENARIOS } from '../support/bundled-files.js';

/**
 * Prometheus's own reader as the judge: `promtool tsdb create-blocks-from openmetrics` backfills the
 * export of a bundled scenario into TSDB blocks, and `promtool tsdb dump` reads the samples back,
 * which must be the result's time series at `start + t`. Skipped without promtool, unless
 * REQUIRE_PROMTOOL=1 (CI, .ci/run) makes its absence a failure.
 * (`promtool check metrics` is not used: 2.42 rejects fractional timestamps, which the format allows.)
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const bundled = BUNDLED_SCENARIOS.find((b) => b.file.endsWith('/h100-training-fcfs.yaml'));
if (!bundled) throw new Error('h100-training-fcfs.yaml is no longer bundled');

const hasPromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasPromtool && process.env['REQUIRE_PROMTOOL'] === '1') throw new Error('REQUIRE_PROMTOOL=1 but promtool is not on the PATH (Debian/Ubuntu: apt-get install prometheus)');

describe.skipIf(!hasPromtool)('--metrics output read back by promtool', () => {
  it('h100-training-fcfs over a day and a second: every sample promtool stores is the result’s, at start + t', { timeout: 60_000 }, async () => {
    // 86,401 s / 200 samples: 432.005 s apart, so fractional timestamps are exercised; two replications
    const scenario = { ...loadScenario(join(root, bundled.file)), horizon: 86_401, warmup: 3600, replications: 2 };
    const result = await simulateScenario(scenario);
    const start = Date.parse('2026-01-01T00:00:00Z');
    const text = resultToOpenMetrics(result, start);
    const dir = mkdtempSync(join(tmpdir(), 'simulate-metrics-'));
    const file = join(dir, 'metrics.om');
    const db = join(dir, 'tsdb');
    writeFileSync(file, text);
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, db], { stdio: ['ignore', 'ignore', 'pipe'] });
    // dump opens the write-ahead log too, which a backfill does not create
    mkdirSync(join(db, 'wal'), { recursive: true });
    const dump = execFileSync('promtool', ['tsdb', 'dump', db], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // lines: {__name__="…", pool="main", replication="1", scenario="…", site="onprem"} value ms
    const stored = new Map<string, number>();
    for (const line of dump.trim().split('\n')) {
      const m = /^\{__name__="([^"]+)", pool="([^"]+)", replication="(\d+)", scenario="([^"]+)", site="([^"]+)"\} (\S+) (\d+)$/.exec(line);
      if (!m) throw new Error(`unexpected dump line: ${line}`);
      expect(m[4]).toBe('h100-training-fcfs');
      stored.set(`${m[1]}|${m[5]}/${m[2]}|${m[3]}|${m[7]}`, Number(m[6]));
    }
    let expected = 0;
    for (const rep of result.replications) {
      for (const [pool, series] of Object.entries(rep.timeseries)) {
        for (const family of METRIC_FAMILIES) {
          series.t.forEach((t, i) => {
            const key = `${family.name}|${pool}|${rep.replication + 1}|${start + Math.round(t * 1000)}`;
            expect(stored.get(key), key).toBe(series[family.series][i]);
            expected++;
          });
        }
      }
    }
    // 3 families × 2 replications × 1 pool × 201 instants (0 and the 200 samples after it)
    expect(expected).toBe(3 * 2 * result.replications[0]!.timeseries['onprem/main']!.t.length);
    expect(stored.size).toBe(expected);
    // busy devices are not all zero: the check compares something
    expect(Math.max(...result.replications[0]!.timeseries['onprem/main']!.busy_devices)).toBeGreaterThan(0);
  });
});
