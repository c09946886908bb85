import { createRequire } from 'node:module';

/** Version of this tool, from package.json (src/support/ and dist/support/ both sit two levels below it). */
export const TOOL_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
export const TOOL_NAME = 'ai-infra-sim';
/** Version of the JSON result format (docs/result-schema.md). Bump the major on any breaking change. */
export const RESULT_SCHEMA_VERSION = '1.10.0';
