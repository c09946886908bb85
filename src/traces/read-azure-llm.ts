/**
 * Reader for the Azure LLM inference traces 2023 (Patel et al., "Splitwise", ISCA 2024):
 * https://github.com/Azure/AzurePublicDataset/blob/master/AzureLLMInferenceDataset2023.md
 * (`data/AzureLLMInferenceTrace_conv.csv`, `…_code.csv`). CSV with a header (CRLF line ends upstream):
 *
 * | column          | meaning, unit                                        | TraceRequest                   |
 * |-----------------|------------------------------------------------------|--------------------------------|
 * | TIMESTAMP       | arrival, `YYYY-MM-DD HH:MM:SS.fffffff` (7 digits), UTC | submit, s since the origin   |
 * | ContextTokens   | prompt length, tokens                                | inputTokens                    |
 * | GeneratedTokens | output length, tokens                                | outputTokens                   |
 * | session         | optional, not upstream: conversation id (any text)   | session (empty = none)         |
 *
 * Origin: the first kept request's TIMESTAMP (so submit starts at 0), or `options.origin`.
 * Differences are computed on whole seconds and fractions separately, so 100 ns steps survive.
 * The trace has no timings beyond arrival: use it as an open-loop arrival process.
 */
import { mustAt, mustGet } from '../support/must-get.js';
import { parseInstant } from './field-values.js';
import { IssueSink, sourceName } from './issue-sink.js';
import { columnIndex, readCsvRows } from './read-csv-rows.js';
import { checkColumnCount, numberCell } from './row-cells.js';
import { TraceOrigin } from './trace-origin.js';
import type { TraceRequest } from './trace-record.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';

export interface AzureLlmOptions extends TraceReadOptions {
  /** Time 0 as a timestamp in the file's format (UTC); default: the first request's timestamp. */
  readonly origin?: string;
  /** Called once with the origin used (Unix seconds, UTC, fractional), before the first request is yielded. */
  readonly onOrigin?: (unixSeconds: number) => void;
}

/** Streams the requests of an Azure LLM inference trace (plain or gzip), in file order. */
export async function* readAzureLlm(source: TraceSource, options: AzureLlmOptions = {}): AsyncGenerator<TraceRequest> {
  const sink = new IssueSink(sourceName(source, options), options);
  const origin = new TraceOrigin(options.origin, sink, options.onOrigin);
  let cTime = 0;
  let cIn = 1;
  let cOut = 2;
  let width = 3;
  let cSession = -1;
  const rows = readCsvRows(source, sink, {
    header: true,
    onHeader: (names, line) => {
      const index = columnIndex(names, ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'], sink, line);
      cTime = mustGet(index, 'TIMESTAMP', 'column');
      cIn = mustGet(index, 'ContextTokens', 'column');
      cOut = mustGet(index, 'GeneratedTokens', 'column');
      // a user's own trace in this format may say which conversation each request belongs to
      cSession = names.indexOf('session');
      width = names.length;
    },
  });
  for await (const batch of rows) {
    for (const { fields: f, line } of batch.rows) {
      sink.row(f);
      if (!checkColumnCount(f, width, line, sink)) continue;
      const stamp = mustAt(f, cTime, 'TIMESTAMP field');
      const at = parseInstant(stamp);
      if (at === undefined) {
        sink.skip(line, 'bad-timestamp', 'error', `'${stamp}' is not a timestamp like 2023-11-16 18:15:46.6805900`, 'TIMESTAMP');
        continue;
      }
      const input = numberCell(f[cIn], 'ContextTokens', line, sink);
      const output = numberCell(f[cOut], 'GeneratedTokens', line, sink);
      if (input === null || output === null) continue;
      if (input === undefined || output === undefined) {
        const field = input === undefined ? 'ContextTokens' : 'GeneratedTokens';
        sink.skip(line, 'missing-field', 'error', `${field} is empty`, field);
        continue;
      }
      const session = cSession >= 0 ? f[cSession] : undefined;
      const request: TraceRequest = { submit: origin.relative(at), inputTokens: input, outputTokens: output, ...(session && { session }), line };
      sink.keep(line, request.submit);
      yield request;
    }
  }
}
