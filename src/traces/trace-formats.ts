import type { TraceFormat } from './read-trace.js';

/** Every format name, for CLI choices and validation. */
export const TRACE_FORMATS = ['swf', 'alibaba-gpu-2023', 'pai-2020', 'philly', 'helios', 'csv', 'azure-llm'] as const satisfies readonly TraceFormat[];
