import { constants } from 'node:os';
import { removeTemporaryFiles } from './write-atomic.js';

/**
 * The signals that ask a command to stop: Ctrl-C (SIGINT), the orchestrator's cancel (SIGTERM from
 * Kubernetes, CI runners, `timeout`, systemd) and a closed terminal (SIGHUP). All three are handled
 * alike: the command stops at its next check (a slice of simulated events, a variant), removes its
 * temporary files, keeps what is complete, prints one line and exits 128 + the signal's number.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP (the shell's convention for a process a signal stopped). */
export function signalExitCode(signal: StopSignal): 129 | 130 | 143 {
  return (128 + constants.signals[signal]) as 129 | 130 | 143;
}

/** `interrupted` (Ctrl-C) or `stopped by SIGTERM`, the opening words of the line a stopped command prints. */
export function stoppedBy(signal: StopSignal): string {
  return signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
}

/**
 * Calls `onStop` on the first stop signal. A second one quits at once (the user insists, or the
 * orchestrator's grace period is ending): temporary files are removed and the process exits with
 * the second signal's code. Returns the function that stops listening.
 */
export function onStopSignal(onStop: (signal: StopSignal) => void): () => void {
  let stopping = false;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (stopping) {
        removeTemporaryFiles();
        process.exit(signalExitCode(signal));
      }
      stopping = true;
      onStop(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
