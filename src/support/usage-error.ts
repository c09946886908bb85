/**
 * Usage errors: bad option values, conflicting flags, an output that cannot be written. Raised by
 * the CLI's own option parsing and by the lower layers that check what the user asked for (shard
 * specs, output targets); the CLI maps it to exit code 2 (src/cli/exit-codes.ts).
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
