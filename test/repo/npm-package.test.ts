// What `npm pack` would ship, read from npm itself (`npm pack --dry-run --json`, scripts skipped so
// the running suite's dist/ is not rebuilt under its feet): the built CLI and its data, the license
// texts, and neither the tests nor the research-only Alibaba trace (its terms: NOTICE).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist/index.js'));

function packedFiles(): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
  expect(r.status, r.stderr).toBe(0);
  const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return pack!.files.map((f) => f.path);
}

describe.skipIf(!built)('the npm package', () => {
  const files = packedFiles();

  it('ships the built CLI: dist/index.js and the bin named in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/cli/main.js');
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(bin.replace(/^\.\//, ''));
  });

  it('ships LICENSE and NOTICE, the catalog, the schema, the scenarios and the traces they replay', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'NOTICE',
        'README.md',
        'schema/scenario.schema.json',
        'hardware-profiles/dgx-h100.yaml',
        'models/llama-3.1-70b.yaml',
        'token-apis/groq-llama-3.3-70b.yaml',
        'schema/token-api.schema.json',
        'schema/result.schema.json',
        'schema/sweep-result.schema.json',
        'scenarios/kth-sp2-easy.yaml',
      ]),
    );
    expect(files).toEqual(expect.arrayContaining(['data/traces/KTH-SP2-1996-2.1-cln.swf.gz', 'data/traces/AzureLLMInferenceTrace_conv.csv', 'data/traces/README.md']));
  });

  it('ships no tests, no TypeScript sources, and not the Alibaba trace (research or study use only)', () => {
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('node_modules/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('data/') && /alibaba/i.test(f))).toEqual([]);
  });
});

describe('LICENSE and NOTICE', () => {
  it('LICENSE is the MIT license package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the ai-infra-sim contributors\n/);
  });

  it('NOTICE names every shipped trace with its terms', () => {
    const notice = readFileSync(join(root, 'NOTICE'), 'utf8');
    const sections = notice.split(/\n(?=\d\. data\/traces\/)/).slice(1);
    const terms = Object.fromEntries(sections.map((s) => [s.split('\n')[0]!.replace(/^\d\. /, ''), s]));
    expect(Object.keys(terms).sort()).toEqual(['data/traces/AzureLLMInferenceTrace_conv.csv', 'data/traces/KTH-SP2-1996-2.1-cln.swf.gz', 'data/traces/alibaba-gpu-v2023-openb_pod_list_default.csv']);
    expect(terms['data/traces/alibaba-gpu-v2023-openb_pod_list_default.csv']).toMatch(/research or study purpose/);
    expect(terms['data/traces/KTH-SP2-1996-2.1-cln.swf.gz']).toMatch(/acknowledge the source[\s\S]*Experience with using the Parallel Workloads Archive/);
    expect(terms['data/traces/AzureLLMInferenceTrace_conv.csv']).toMatch(/CC-BY-4\.0/);
  });
});
