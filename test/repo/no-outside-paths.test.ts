// A clone must be complete: no file of the project may point at data outside the checkout. CI runs
// with the old shared data folder beside the clone, so a path into it would still work there and only
// this test catches it. The searched-for strings are built from pieces so this file never matches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectFiles } from '../support/project-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// (the sibling folder itself, with its trailing slash: a module whose name starts with that word is fine)
const FORBIDDEN = [['..', 'shared', ''].join('/'), ['shared', 'traces'].join('/')];
describe('the checkout is self-contained', () => {
  it('no project file refers to a folder beside the checkout', () => {
    const files = projectFiles(root);
    expect(files).toContain('package.json');
    const offending: string[] = [];
    for (const file of files) {
      if (file.endsWith('.gz')) continue; // compressed trace bytes, not text
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (FORBIDDEN.some((s) => line.includes(s))) offending.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
