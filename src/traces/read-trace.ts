import { readAlibabaGpu2023, type AlibabaGpu2023Options } from './read-alibaba-gpu-2023.js';
import { readAzureLlm, type AzureLlmOptions } from './read-azure-llm.js';
import { readCsvTrace, type CsvTraceOptions } from './read-csv-trace.js';
import { readHelios, type HeliosOptions } from './read-helios.js';
import { readPai2020, type Pai2020Options } from './read-pai-2020.js';
import { readPhilly, type PhillyOptions } from './read-philly.js';
import { readSwf, type SwfReadOptions } from './read-swf.js';
import type { TraceJob, TraceRequest } from './trace-record.js';
import type { TraceSource } from './trace-read-options.js';

/** A job-trace format and its reader's options, as one value (e.g. from a scenario file). */
export type JobTraceSpec =
  | ({ readonly format: 'swf' } & SwfReadOptions)
  | ({ readonly format: 'alibaba-gpu-2023' } & AlibabaGpu2023Options)
  | ({ readonly format: 'pai-2020' } & Pai2020Options)
  | ({ readonly format: 'philly' } & PhillyOptions)
  | ({ readonly format: 'helios' } & HeliosOptions)
  | ({ readonly format: 'csv' } & CsvTraceOptions);

/** A request-trace format and its reader's options. */
export type RequestTraceSpec = { readonly format: 'azure-llm' } & AzureLlmOptions;

export type JobTraceFormat = JobTraceSpec['format'];
export type RequestTraceFormat = RequestTraceSpec['format'];
export type TraceFormat = JobTraceFormat | RequestTraceFormat;

import { TRACE_FORMATS } from './trace-formats.js';

export { TRACE_FORMATS };
// every listed name must be a format this module reads (kept here so trace-formats.ts stays a leaf)
void (TRACE_FORMATS satisfies readonly TraceFormat[]);

export function isRequestFormat(format: TraceFormat): format is RequestTraceFormat {
  return format === 'azure-llm';
}

type JobSpecOf = { [F in JobTraceFormat]: Extract<JobTraceSpec, { format: F }> };
type JobReaders = { [F in JobTraceFormat]: (source: TraceSource, spec: JobSpecOf[F]) => AsyncGenerator<TraceJob> };

const jobReaders: JobReaders = {
  swf: readSwf,
  'alibaba-gpu-2023': readAlibabaGpu2023,
  'pai-2020': readPai2020,
  philly: readPhilly,
  helios: readHelios,
  csv: readCsvTrace,
};

/** Generic over the format so the compiler pairs each spec with its own reader. */
function readAs<F extends JobTraceFormat>(format: F, source: TraceSource, spec: JobSpecOf[F]): AsyncGenerator<TraceJob> {
  return jobReaders[format](source, spec);
}

/** Streams a job trace in the given format (the spec's other keys are the reader's options). */
export function readJobTrace(source: TraceSource, spec: JobTraceSpec): AsyncGenerator<TraceJob> {
  return readAs(spec.format, source, spec);
}

/** Streams a request trace in the given format. */
export function readRequestTrace(source: TraceSource, spec: RequestTraceSpec): AsyncGenerator<TraceRequest> {
  return readAzureLlm(source, spec);
}
