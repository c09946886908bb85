import { runCli } from '../../src/cli/main.js';

/**
 * A command run in this process through the CLI's entry point (`runCli`), its output captured: the same
 * parsing, files, worker threads and messages as `simulate …`, without a new Node process per call. For
 * checks of what a command writes and says; signals, heap limits and the environment need a real process.
 */
export async function runCliCaptured(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}
