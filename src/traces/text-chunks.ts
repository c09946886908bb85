import type { Readable } from 'node:stream';

/**
 * The chunks of a stream as text: sets UTF-8 decoding (a character split across chunks is kept whole)
 * and yields strings, so readers see `string` instead of the stream's untyped chunks.
 */
export async function* textChunks(stream: Readable): AsyncGenerator<string> {
  stream.setEncoding('utf8');
  for await (const chunk of stream) yield typeof chunk === 'string' ? chunk : String(chunk);
}
