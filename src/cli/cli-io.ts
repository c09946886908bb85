import { escapeControlChars } from '../escape-control-chars.js';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * The process's streams. A reader that goes away early (`simulate … --md - | head`) closes the pipe:
 * further text to that stream is dropped instead of crashing the run with EPIPE, so the files the
 * command was asked to write are still written whole.
 */
const closed = new Set<NodeJS.WriteStream>();
function guardedWrite(stream: NodeJS.WriteStream): (text: string) => void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed.add(stream);
  });
  return (text) => {
    if (!closed.has(stream)) stream.write(text);
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
