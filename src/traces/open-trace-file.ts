import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isRecord, messageOf } from '../support/is-record.js';
import type { IssueSink } from './issue-sink.js';
import { TraceError } from './trace-error.js';
import type { TraceSource } from './trace-read-options.js';

/** An open trace: bytes (already gunzipped when the file is gzip) and a way to stop early. */
export interface OpenTrace {
  readonly stream: Readable;
  readonly compressed: boolean;
  /** Destroys every stream and closes the file; safe to call twice. */
  close(): void;
}

const READ_CHUNK = 256 * 1024;

/**
 * Opens a trace file for streaming. Gzip is recognised by its magic bytes 1f 8b, whatever the name;
 * multi-member gzip files are read whole. Throws TraceError (`io-error`) when the file cannot be opened.
 */
export async function openTraceFile(source: TraceSource, sink: IssueSink): Promise<OpenTrace> {
  let handle;
  try {
    handle = await open(source, 'r');
  } catch (err) {
    sink.fatal(0, 'io-error', `cannot open: ${messageOf(err)}`);
  }
  let compressed = false;
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    compressed = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (err) {
    await handle.close();
    sink.fatal(0, 'io-error', `cannot read: ${messageOf(err)}`);
  }
  const file = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK });
  if (!compressed) {
    return { stream: file, compressed, close: () => file.destroy() };
  }
  const gunzip = createGunzip({ chunkSize: READ_CHUNK });
  // pipeline forwards an error of either stream to the other, so the consumer of gunzip sees it.
  pipeline(file, gunzip, () => {});
  return {
    stream: gunzip,
    compressed,
    close: () => {
      gunzip.destroy();
      file.destroy();
    },
  };
}

/**
 * Turns an I/O or zlib error raised while streaming into a TraceError naming the file and the line
 * reached: a gzip stream that ends early is `truncated-gzip`, a damaged one `corrupt-gzip`.
 * TraceErrors and errors without a Node error code (bugs, callback errors) are returned unchanged.
 */
export function streamFailure(err: unknown, sink: IssueSink, line: number): unknown {
  if (err instanceof TraceError) return err;
  if (!isRecord(err) || typeof err['code'] !== 'string') return err;
  const code = err['code'];
  const message = typeof err['message'] === 'string' ? err['message'] : undefined;
  try {
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message ?? '')) {
      sink.fatal(line, 'truncated-gzip', `gzip data ends early (file truncated?) after line ${line - 1}: ${message}`);
    }
    if (code.startsWith('Z_')) {
      sink.fatal(line, 'corrupt-gzip', `gzip data is damaged near line ${line}: ${message}`);
    }
    if (code === 'TRACE_LINE_TOO_LONG') sink.fatal(line, 'malformed-record', `${message}`);
    if (code === 'TRACE_BLANK_LINES') sink.fatal(typeof err['line'] === 'number' ? err['line'] : line, 'blank-lines', `${message}`);
    sink.fatal(line, 'io-error', `read failed near line ${line}: ${message ?? code}`);
  } catch (traceError) {
    return traceError;
  }
}
