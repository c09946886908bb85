/**
 * The bad-input corpus (test/bad-input/cases.yaml): every case runs the real command on its input and
 * checks exactly what a user sees — the exit code, every line of stderr, no stack trace — and that the
 * run destroyed nothing: a failing `run` leaves an existing output file byte-identical and creates no
 * other file (no result, no per-job CSV, no temporary file); a passing one replaces it atomically.
 *
 * Cases run in-process through runCli (fast); those marked `spawn` run the built CLI (bin/simulate.js)
 * in a child process, as a user would. Inputs too large, binary or compressed to commit sensibly are
 * generated at test time (`generate:`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli-in-process.js';
import { checkFile, finishReaders, runSetup, snapshot, type SetupStep } from './setup-steps.js';
import { smallerGenerators } from './generators-smaller.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const casesDir = relative(root, fileURLToPath(new URL('./cases/', import.meta.url)));

interface Case {
  readonly id: string;
  readonly class: string;
  readonly about: string;
  readonly input?: string;
  readonly generate?: keyof typeof generators;
  readonly argv: readonly string[];
  readonly exit: number;
  readonly stderr: string;
  readonly stdout?: 'empty' | 'any';
  readonly spawn?: boolean;
  /** with spawn: the command must end within this many seconds (it is killed after that): for inputs that never end */
  readonly within?: number;
  /** steps run before the command (test/bad-input/setup-steps.ts): files, links, devices, FIFOs */
  readonly setup?: readonly SetupStep[];
  /** for a case that exits 0: what each path must be afterwards (a kind, `symlink -> x`, `json-result`, `csv`, `text …`) */
  readonly files?: Readonly<Record<string, string>>;
}

// cases.yaml, then every cases-<topic>.yaml beside it (topics keep separate pieces of work from editing one list)
const corpusFiles = [
  'cases.yaml',
  ...readdirSync(fileURLToPath(new URL('.', import.meta.url)))
    .filter((f) => /^cases-[a-z0-9-]+\.yaml$/.test(f))
    .sort(),
];
const corpus = corpusFiles.flatMap((f) => parse(readFileSync(fileURLToPath(new URL(`./${f}`, import.meta.url)), 'utf8')) as Case[]);

const scratch = mkdtempSync(join(tmpdir(), 'bad-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const TRACE_SCENARIO = (file: string) => `name: truncated-replay
horizon: 10 h
costs: none
reference: { device: ref-gpu, precision: bf16 }
profiles:
  ref-gpu: { id: ref-gpu, kind: gpu, name: Reference GPU, vendor: test, peak: { bf16: 100 TFLOPS }, memory: { capacity: 80 GB, bandwidth: 2 TB/s } }
  node4: { id: node4, kind: node, name: four GPUs, vendor: test, accelerators: { profile: ref-gpu, count: 4 } }
sites:
  lab: { nodes: { type: node4, count: 2 } }
workloads:
  - name: replay
    kind: trace
    trace: { file: ${file}, format: swf }
`;

/** Deterministic bytes that are no text format at all (a linear congruential generator). */
function noise(n: number, seed = 12345): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Inputs written at test time into `dir`; each returns the path the command is given. */
const generators = {
  /** a YAML file just over the 4 MiB limit (a comment block a generator gone wrong might write) */
  'too-large-yaml': (dir: string) => {
    const file = join(dir, 'too-large.yaml');
    writeFileSync(file, `name: too-large\n${`# ${'x'.repeat(98)}\n`.repeat(44_000)}`);
    return file;
  },
  /** an SWF trace of 2,000 jobs, gzip-compressed, missing the last 4 bytes (its length field) */
  'truncated-gzip': (dir: string) => {
    const lines = Array.from({ length: 2000 }, (_, i) => `${i + 1} ${(i + 1) * 5} -1 60 1 -1 -1 1 120 -1 1 1 1 -1 1 -1 -1 -1\n`).join('');
    const gz = gzipSync(lines);
    writeFileSync(join(dir, 'jobs.swf.gz'), gz.subarray(0, gz.length - 4));
    const file = join(dir, 'truncated-gzip.yaml');
    writeFileSync(file, TRACE_SCENARIO('jobs.swf.gz'));
    return file;
  },
  /** a copy of the valid scenario, for cases whose command would destroy their input if the tool let it */
  'valid-copy': (dir: string) => {
    const file = join(dir, 'valid.yaml');
    writeFileSync(file, readFileSync(join(casesDir, 'cli/valid.yaml')));
    return file;
  },
  /** 4 KiB of binary noise given as an SWF trace */
  'binary-trace': (dir: string) => {
    const file = join(dir, 'noise.swf');
    writeFileSync(file, noise(4096));
    return file;
  },
  ...smallerGenerators(TRACE_SCENARIO),
} satisfies Record<string, (dir: string) => string>;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function execute(argv: readonly string[], spawn: boolean, within?: number): Promise<Outcome> {
  if (spawn) {
    // SIGKILL: a reader stuck in a never-ending file once ignored SIGTERM for most of a minute
    const limit = within === undefined ? {} : { timeout: within * 1000, killSignal: 'SIGKILL' as const };
    const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), ...argv], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...limit });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  return runCliCaptured(argv);
}

const SENTINEL = 'an earlier result the user wants to keep\n';

describe('bad-input corpus (test/bad-input/cases.yaml)', () => {
  it('has at least 40 cases, with unique ids, across every input kind', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
    const kinds = new Set(corpus.map((c) => c.id.split('/')[0]));
    expect([...kinds].sort()).toEqual(['cli', 'merge', 'profile', 'scenario', 'sweep', 'trace']);
  });

  it.for(corpus.map((c) => [c.id, c] as const))('%s', async ([_id, c], ctx) => {
    const dir = mkdtempSync(join(scratch, 'case-'));
    const out = join(dir, 'out');
    mkdirSync(out);
    const gen = join(dir, 'gen');
    mkdirSync(gen);
    const input = c.generate !== undefined ? generators[c.generate](gen) : join(casesDir, c.input!);
    const fill = (s: string) => s.replaceAll('{input}', input).replaceAll('{tmp}', out).replaceAll('{gen}', gen);
    const argv = c.argv.map(fill);
    const setup = runSetup(c.setup ?? [], fill, gen);
    if (setup.skipped !== undefined) {
      console.warn(`skipped ${c.id}: ${setup.skipped}`);
      ctx.skip(setup.skipped);
    }
    const before = snapshot(out);
    // A `run` that names no output gets one that already exists, plus a per-job CSV that does not.
    const guarded = argv[0] === 'run' && !argv.includes('-o');
    const result = join(out, 'out.json');
    if (guarded) {
      writeFileSync(result, SENTINEL);
      argv.push('-o', result, '--jobs-csv', join(out, 'jobs.csv'), '-q');
    }

    const started = performance.now();
    const r = await execute(argv, c.spawn === true, c.within);
    if (c.within !== undefined) expect(performance.now() - started, `${c.id} must end within ${c.within} s`).toBeLessThan(c.within * 1000);
    await finishReaders(setup);

    expect({ exit: r.code, stderr: r.stderr }).toEqual({ exit: c.exit, stderr: fill(c.stderr) });
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace without --debug
    if ((c.stdout ?? (c.exit === 0 ? 'any' : 'empty')) === 'empty') expect(r.stdout).toBe('');
    if (guarded && c.exit !== 0) {
      expect(readdirSync(out)).toEqual(['out.json']); // nothing created: no CSV, no temporary file
      expect(readFileSync(result, 'utf8')).toBe(SENTINEL); // the existing output untouched
    } else if (guarded) {
      expect(readdirSync(out).sort()).toEqual(['jobs.csv', 'out.json']); // no temporary file left
      const written = JSON.parse(readFileSync(result, 'utf8')) as { schemaVersion?: string; complete?: boolean };
      expect(written.schemaVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(written.complete).toBe(true);
    } else if (c.exit !== 0) {
      expect(snapshot(out)).toEqual(before); // nothing created, changed or replaced
    }
    for (const [path, expected] of Object.entries(c.files ?? {})) expect(checkFile(fill(path), expected)).toBeUndefined();
  });
});
