// The GitHub workflows: each must be a valid workflow for GitHub's schema (@action-validator/core, the checker
// behind action-validator), the test workflow must run README's test command on Node 22 and 24 with Debian's
// Chromium, and the sweep workflow's pull-request comment step must keep one comment per pull request, updated in
// place. Its script is run here as GitHub would run it (actions/github-script: `github`, `context`, `core`,
// `require` in scope), against an in-memory pull request.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
}
interface Job {
  readonly container?: { readonly image: string };
  readonly strategy?: { readonly matrix: Record<string, unknown[]> };
  readonly env?: Record<string, string>;
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}
const workflow = (file: string) => parse(readFileSync(join(dir, file), 'utf8')) as { jobs: Record<string, Job> };

/** The checker prints a warning for each glob it does not check yet; the errors are what matter. */
function errorsOf(text: string): unknown[] {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return validateWorkflow(text).errors;
  } finally {
    log.mockRestore();
    warn.mockRestore();
  }
}

describe('GitHub workflows', () => {
  it('there are the test and sweep workflows', () => {
    expect(files.sort()).toEqual(['sweep.yml', 'test.yml']);
  });

  it.each(files)('%s is a valid workflow', (file) => {
    expect(errorsOf(readFileSync(join(dir, file), 'utf8'))).toEqual([]);
  });

  it('the checker rejects a misspelt key, a job without a runner and an unknown event', () => {
    const ok = 'name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';
    expect(errorsOf(ok)).toEqual([]);
    expect(errorsOf(ok.replace('    steps:', '    timeout-minute: 3\n    steps:'))).not.toEqual([]);
    expect(errorsOf(ok.replace('    runs-on: ubuntu-latest\n', ''))).not.toEqual([]);
    expect(errorsOf(ok.replace('on: push', 'on: pushh'))).not.toEqual([]);
  });

  it("the test workflow runs README's test command on Node 22 and 24 in Debian with its Chromium", () => {
    const job = workflow('test.yml').jobs['test'] as Job;
    expect(job.strategy?.matrix['node']).toEqual([22, 24]);
    expect(job.container?.image).toMatch(/^node:\$\{\{ matrix\.node \}\}-(bookworm|trixie)$/);
    const runs = job.steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs.some((r) => /apt-get install .*\bchromium\b.*\bprometheus\b/.test(r))).toBe(true);
    expect(runs).toContain('npm test');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('npm test');
    // the browser tests read the browser's path from the environment, and must not skip here
    expect(job.env).toMatchObject({ CHROMIUM_PATH: '/usr/bin/chromium', REQUIRE_CHROMIUM: '1', REQUIRE_PROMTOOL: '1' });
    expect(readFileSync(join(root, 'test', 'report', 'browser.test.ts'), 'utf8')).toContain('process.env.CHROMIUM_PATH');
  });
});

interface Comment {
  id: number;
  body: string;
  user: { type: string };
}

/** An in-memory pull request's comments and the slice of Octokit the script calls. */
function fakePullRequest(existing: Comment[]) {
  const comments = [...existing];
  let nextId = 10_000;
  const rest = {
    issues: {
      listComments: ({ page = 1, per_page = 30 }: { page?: number; per_page?: number }) => Promise.resolve({ data: comments.slice((page - 1) * per_page, page * per_page) }),
      updateComment: ({ comment_id, body }: { comment_id: number; body: string }): Promise<void> => {
        const c = comments.find((x) => x.id === comment_id);
        if (!c) return Promise.reject(new Error(`no comment ${comment_id}`));
        c.body = body;
        return Promise.resolve();
      },
      createComment: ({ body }: { body: string }): Promise<void> => {
        comments.push({ id: nextId++, body, user: { type: 'Bot' } });
        return Promise.resolve();
      },
    },
  };
  const github = {
    rest,
    paginate: async (list: (o: { page: number; per_page: number }) => Promise<{ data: Comment[] }>, options: { per_page: number }) => {
      const all: Comment[] = [];
      for (let page = 1; ; page++) {
        const { data } = await list({ ...options, page });
        all.push(...data);
        if (data.length < options.per_page) return all;
      }
    },
  };
  return { comments, github };
}

describe('the sweep workflow comments its summary on the pull request', () => {
  const merge = workflow('sweep.yml').jobs['merge'] as Job;
  const step = merge.steps.find((s) => s.uses?.startsWith('actions/github-script@'));
  const context = { serverUrl: 'https://github.example', repo: { owner: 'o', repo: 'r' }, runId: 7, sha: 'abcdef0123456', issue: { number: 5 } };

  async function runScript(github: unknown, summary: string): Promise<string[]> {
    const warnings: string[] = [];
    const core = { warning: (m: string) => warnings.push(m) };
    const require = createRequire(import.meta.url);
    // the script reads the merged summary from report/sweep.md: hand it this one
    const fs = { readFileSync: (path: string) => (path === 'report/sweep.md' ? summary : readFileSync(path, 'utf8')) };
    const script = step?.with?.['script'] ?? '';
    type ScriptFunction = (...args: unknown[]) => Promise<void>;
    const AsyncFunction = (Object.getPrototypeOf(async () => {}) as { constructor: new (...args: string[]) => ScriptFunction }).constructor;
    await new AsyncFunction('require', 'github', 'context', 'core', script)((name: string): unknown => (name === 'fs' ? fs : (require(name) as unknown)), github, context, core);
    return warnings;
  }

  it('is a pull-request step with write permission on pull requests, run only when a summary was merged', () => {
    expect(step?.if).toContain("github.event_name == 'pull_request'");
    expect(step?.if).toContain("hashFiles('report/sweep.md')");
    expect(merge.permissions).toMatchObject({ 'pull-requests': 'write' });
  });

  it('creates one comment, then updates it in place; a person quoting the marker is left alone', async () => {
    const quoting: Comment = { id: 1, body: '<!-- simulate sweep summary -->\nI disagree', user: { type: 'User' } };
    const pr = fakePullRequest([quoting, ...Array.from({ length: 120 }, (_, i) => ({ id: 2 + i, body: `chatter ${i}`, user: { type: 'User' } }))]);
    await runScript(pr.github, '# Sweep: 3 variants\n| a | b |');
    const ours = () => pr.comments.filter((c) => c.user.type === 'Bot');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body).toContain('# Sweep: 3 variants');
    expect(ours()[0]?.body).toContain('https://github.example/o/r/actions/runs/7');
    await runScript(pr.github, '# Sweep: 4 variants');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body).toContain('# Sweep: 4 variants');
    expect(ours()[0]?.body).not.toContain('3 variants');
    expect(quoting.body).toBe('<!-- simulate sweep summary -->\nI disagree');
  });

  it('cuts a summary longer than a comment may be, and says where the rest is', async () => {
    const pr = fakePullRequest([]);
    await runScript(pr.github, 'x'.repeat(100_000));
    const body = pr.comments[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('sweep-report artifact');
  });

  it('a read-only token (a fork) warns instead of failing the job', async () => {
    const pr = fakePullRequest([]);
    pr.github.rest.issues.createComment = () => Promise.reject(Object.assign(new Error('Resource not accessible by integration'), { status: 403 }));
    expect(await runScript(pr.github, 'summary')).toEqual([expect.stringContaining('no permission to comment')]);
  });
});
