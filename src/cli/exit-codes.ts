import { InputError } from '../support/input-error.js';
import { UsageError } from '../support/usage-error.js';

/** The documented exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  /** the run worked but a plan failed its targets (assertions, SLO gates) */
  targetsFailed: 1,
  /** bad usage or invalid input: nothing was written */
  invalidInput: 2,
  /** a bug: please report it */
  internalError: 3,
  /** stopped by SIGHUP (128 + 1, the shell convention): the terminal closed */
  hangup: 129,
  /** stopped by SIGINT (128 + 2): Ctrl-C */
  interrupted: 130,
  /** stopped by SIGTERM (128 + 15): Kubernetes, CI runners and `timeout` cancel this way */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

// The CLI's commands import UsageError with the exit codes it maps to; it lives below the CLI so that
// the sweep layer and the file writer can raise it too.
export { UsageError } from '../support/usage-error.js';

export function exitCodeFor(err: unknown): ExitCodeValue {
  if (err instanceof InputError || err instanceof UsageError) return ExitCode.invalidInput;
  return ExitCode.internalError;
}
