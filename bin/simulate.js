#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` / `npm install` (the `prepare` script).
import { existsSync } from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';

// A larger young generation: a serving run allocates a short-lived request object per request and scavenges a
// smaller one thousands of times (a week of week-chat-10rps: 2.0 s of system time and 7 % of the CPU at V8's
// default, 0.2 s at 64 MB). It only grows as far as the run needs.
v8.setFlagsFromString('--max-semi-space-size=64');

// Node 22.1+ keeps V8's compiled code between runs (in the OS temporary folder, as tsc does): the CLI and
// mathjs are parsed once, not at every start. Older Node has no such cache and starts as before.
module.enableCompileCache?.();

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('simulate: dist/ is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(3);
}
const { runCli } = await import(main.href);
const code = await runCli(process.argv.slice(2));
// A failed write to stdout or stderr (a full disk) has already set exit code 2 (cli-io.ts): keep it over a 0.
if (code !== 0 || !process.exitCode) process.exitCode = code;
