// The fixed lists of bundled scenarios and sweeps (test/support/bundled-files.ts) must name exactly the
// YAML files git tracks under scenarios/: a new bundled file is then never forgotten by the tests that
// run every bundled scenario, while a user's own YAML saved there (untracked) never enters the suite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSweepDocument } from '../../src/sweep/sweep-file-kind.js';
import { parse } from 'yaml';
import { BUNDLED_SCENARIOS, BUNDLED_SWEEPS } from '../support/bundled-files.js';
import { inGitCheckout, projectFiles } from '../support/project-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('bundled scenario and sweep lists', () => {
  it.skipIf(!inGitCheckout(root))('name exactly the YAML files git tracks under scenarios/', () => {
    const tracked = projectFiles(root).filter((f) => f.startsWith('scenarios/') && f.endsWith('.yaml'));
    expect([...BUNDLED_SCENARIOS.map((s) => s.file), ...BUNDLED_SWEEPS.map((s) => s.file)].sort()).toEqual(tracked.sort());
  });

  it('sort each file into the right list (a sweep file has a top-level base, scenario or parameters key)', () => {
    const kind = (file: string) => (isSweepDocument(parse(readFileSync(join(root, file), 'utf8'))) ? 'sweep' : 'scenario');
    expect(BUNDLED_SCENARIOS.map((s) => kind(s.file))).toEqual(BUNDLED_SCENARIOS.map(() => 'scenario'));
    expect(BUNDLED_SWEEPS.map((s) => kind(s.file))).toEqual(BUNDLED_SWEEPS.map(() => 'sweep'));
  });

  it('no test lists a folder and names scenarios/ (the bundled files come from the fixed lists)', () => {
    const lists = (text: string) => text.includes('readdir') && /['"`]scenarios\b/.test(text);
    const tests = projectFiles(root).filter((f) => f.startsWith('test/') && f.endsWith('.ts') && f !== 'test/repo/bundled-files.test.ts');
    expect(tests.length).toBeGreaterThan(50);
    expect(tests.filter((f) => lists(readFileSync(join(root, f), 'utf8')))).toEqual([]);
  });
});
