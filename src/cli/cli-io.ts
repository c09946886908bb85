import { codeOf, messageOf } from '../support/is-record.js';
import { escapeControlChars } from '../support/escape-control-chars.js';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * The process's streams. A reader that goes away early (`simulate … --md - | head`) closes the pipe:
 * further text to that stream is dropped instead of crashing the run with EPIPE, so the files the
 * command was asked to write are still written whole. Any other failure to write (stdout redirected to
 * a full disk, a device that refuses) is the user's to fix, not a bug: one line on stderr and exit code
 * 2, never a stack trace. A stream to a file or device throws from write(); a pipe reports later.
 */
const closed = new Set<NodeJS.WriteStream>();
function writeFailed(stream: NodeJS.WriteStream, err: unknown): void {
  if (closed.has(stream)) return;
  closed.add(stream);
  const code = codeOf(err);
  if (code === 'EPIPE') return;
  const which = stream === process.stdout ? 'standard output' : 'standard error';
  const why = code === 'ENOSPC' ? 'the disk is full' : (code ?? messageOf(err));
  if (stream !== process.stderr && !closed.has(process.stderr)) process.stderr.write(`error: cannot write to ${which}: ${why}; its output is incomplete\n`);
  process.exitCode = 2;
}
function guardedWrite(stream: NodeJS.WriteStream): (text: string) => void {
  stream.on('error', (err: NodeJS.ErrnoException) => writeFailed(stream, err));
  return (text) => {
    if (closed.has(stream)) return;
    try {
      stream.write(text);
    } catch (err) {
      writeFailed(stream, err);
    }
  };
}

/**
 * Every line the CLI prints passes here: control, bidirectional and invisible format characters from
 * names, paths and file contents are shown as escapes (`\u202e`, `\x1b`), so no input can reorder or
 * recolour the terminal. (On stdout the escapes keep --json output valid JSON: such characters only
 * occur inside its strings, where `\u202e` means the same character.)
 */
export function terminalSafe(io: CliIo): CliIo {
  return { stdout: (text) => io.stdout(escapeControlChars(text)), stderr: (text) => io.stderr(escapeControlChars(text)) };
}

let processIoOnce: CliIo | undefined;
export const processIo = (): CliIo => (processIoOnce ??= { stdout: guardedWrite(process.stdout), stderr: guardedWrite(process.stderr) });
