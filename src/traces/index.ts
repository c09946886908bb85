// Public API of the trace layer: streaming readers, transformations, inspection.
export type { DeviceKind, TraceJob, TraceRequest, Timed } from './trace-record.js';
export { REASON_HINTS, type TraceIssue, type TraceIssueReason, type TraceIssueSeverity } from './trace-issue.js';
export type { TraceReadOptions, TraceSource } from './trace-read-options.js';
export { TraceDiagnostics, type TraceDiagnosticsSummary, type TraceIssueCount } from './trace-diagnostics.js';
export { TraceError, formatTraceIssue } from './trace-error.js';

export { readSwf, type SwfHeader, type SwfReadOptions } from './read-swf.js';
export { readAlibabaGpu2023, type AlibabaGpu2023Options } from './read-alibaba-gpu-2023.js';
export { readPai2020, readPaiJobTable, type Pai2020Options, type PaiJobRow } from './read-pai-2020.js';
export { readPhilly, type PhillyOptions } from './read-philly.js';
export { readHelios, type HeliosOptions } from './read-helios.js';
export { readAzureLlm, type AzureLlmOptions } from './read-azure-llm.js';
export {
  readCsvTrace,
  assertCsvMapping,
  checkCsvMapping,
  CSV_FIELDS,
  type CsvColumn,
  type CsvColumnMapping,
  type CsvColumnRef,
  type CsvTraceOptions,
  type MemoryUnit,
  type TimeUnit,
} from './read-csv-trace.js';
export {
  readJobTrace,
  readRequestTrace,
  isRequestFormat,
  TRACE_FORMATS,
  type JobTraceSpec,
  type RequestTraceSpec,
  type JobTraceFormat,
  type RequestTraceFormat,
  type TraceFormat,
} from './read-trace.js';

export { shiftTime, type TimeShift } from './shift-time.js';
export { scaleTime } from './scale-time.js';
export { sampleTrace, type SampleRandom } from './sample-trace.js';
export { filterTrace } from './filter-trace.js';
export { limitTrace } from './limit-trace.js';
export { devicesBetween, submittedBetween, statusIn, requestsGpus, allOf, type JobPredicate } from './job-predicates.js';
export { applyTransforms, type TraceTransform } from './apply-transforms.js';

export { inspectTrace, type InspectOptions, type TraceInspection, type JobInspection, type RequestInspection, type TraceTimeSpan } from './inspect-trace.js';
export type { DistributionSummary } from './distribution-collector.js';
export type { ValueCount } from './count-table.js';
export { formatTraceInspection } from './format-trace-inspection.js';
