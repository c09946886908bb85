import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate.js';
import { resultToJson } from '../../src/report/json-result.js';

/**
 * Golden digests: the SHA-256 of the JSON result of every bundled scenario, pinned in
 * result-digests.json. Same scenario, seed and tool ⇒ same bytes, on any machine; a change in the
 * model, the defaults or the result format changes a digest, and the commit that changes it must say
 * why. Refresh with `UPDATE_GOLDEN=1 npx vitest run test/golden` after checking the change is meant.
 * Scenarios replaying the shared traces need `shared/` beside the checkout (as in CI).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const pinned = join(root, 'test/golden/result-digests.json');

function bundled(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'sweeps' ? [] : bundled(join(dir, e.name))) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

async function digest(file: string): Promise<string> {
  const result = await simulateScenario(loadScenario(file));
  return createHash('sha256').update(resultToJson(result)).digest('hex');
}

describe('golden result digests of the bundled scenarios', () => {
  const files = bundled(join(root, 'scenarios')).sort();
  const expected = existsSync(pinned) ? (JSON.parse(readFileSync(pinned, 'utf8')) as Record<string, string>) : {};

  it('every bundled scenario has a pinned digest', () => {
    if (process.env['UPDATE_GOLDEN']) return;
    expect(Object.keys(expected).filter((k) => !k.startsWith('sweep:')).sort()).toEqual(files.map((f) => relative(root, f)));
  });

  it.each(files.map((f) => relative(root, f)))('%s gives the pinned bytes', async (file) => {
    const actual = await digest(join(root, file));
    if (process.env['UPDATE_GOLDEN']) {
      const now = existsSync(pinned) ? (JSON.parse(readFileSync(pinned, 'utf8')) as Record<string, string>) : {};
      now[file] = actual;
      writeFileSync(pinned, `${JSON.stringify(Object.fromEntries(Object.entries(now).sort()), null, 2)}\n`);
      return;
    }
    expect(actual, `${file}: result bytes changed — if intended, refresh with UPDATE_GOLDEN=1 and explain why in the commit`).toBe(expected[file]);
  });
});
