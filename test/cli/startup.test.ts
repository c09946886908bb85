import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist/cli/main.js'));

/**
 * The modules a `simulate` command loads, recorded by a module-resolution hook (node:module register):
 * what a command does not need must not be loaded, since every module costs start-up CPU.
 */
function modulesLoadedBy(args: readonly string[]): { code: number | null; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-startup-'));
  const log = join(dir, 'modules.txt');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');\n  return r;\n}\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, join(root, 'bin/simulate.js'), ...args], { cwd: root, encoding: 'utf8' });
  const modules = existsSync(log) ? [...new Set(readFileSync(log, 'utf8').trim().split('\n'))] : [];
  return { code: r.status, modules };
}

const matching = (modules: readonly string[], pattern: RegExp): string[] => modules.filter((m) => pattern.test(m));

describe.skipIf(!built)('start-up: each command loads only what it needs', () => {
  it('--version loads commander and small leaf modules: no schemas, no mathjs, no simulator, no report', () => {
    const { code, modules } = modulesLoadedBy(['--version']);
    expect(code).toBe(0);
    expect(modules.length).toBeGreaterThan(3);
    expect(matching(modules, /node_modules\/(zod|mathjs|yaml|d3-[a-z-]+|csv-parse|csv-stringify|piscina|@datadog)\//)).toEqual([]);
    expect(matching(modules, /\/dist\/(model|engine|report|sweep\/|simulate\/|scenario\/(?!default-catalog-dir|replication-limit|units|plain-quantity|mathjs-library))/)).toEqual([]);
  });

  it('the quick start runs without the report, d3 or the CSV writer (they load for --html / --md / --jobs-csv only)', () => {
    const { code, modules } = modulesLoadedBy(['scenarios/h100-training-fcfs.yaml', '--no-write', '-q', '--replications', '1']);
    expect(code).toBe(0);
    expect(matching(modules, /\/dist\/simulate\/simulate\.js$/)).toHaveLength(1);
    expect(matching(modules, /node_modules\/(d3-[a-z-]+|csv-stringify)\//)).toEqual([]);
    // its quantities are plain ("80 GB", "2.5 USD/h"): read without loading mathjs (src/scenario/plain-quantity.ts)
    expect(matching(modules, /node_modules\/mathjs\//)).toEqual([]);
    expect(matching(modules, /\/dist\/report\/(html-report|charts\/)/)).toEqual([]);
  });
});
