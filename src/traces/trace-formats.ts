/** Every format name, for CLI choices and validation (read-trace.ts checks each is a format it reads). */
export const TRACE_FORMATS = ['swf', 'alibaba-gpu-2023', 'pai-2020', 'philly', 'helios', 'csv', 'azure-llm'] as const;
