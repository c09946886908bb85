import { removeTemporaryFiles } from '../support/write-atomic.js';

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
  // (the POSIX numbers: SIGHUP 1, SIGINT 2, SIGTERM 15, as os.constants.signals gives them)
  const codes = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const satisfies Record<StopSignal, number>;
  return codes[signal];
}

/** `interrupted` (Ctrl-C) or `stopped by SIGTERM`, the opening words of the line a stopped command prints. */
export function stoppedBy(signal: StopSignal): string {
  return signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
}

/**
 * How long a command may take to act on a stop signal before it is stopped from outside. Commands
 * check for a stop between slices of simulated events and between variants; a step that checks
 * nothing for longer (a trace reader skipping megabytes of comment lines before its first job) would
 * otherwise keep an orchestrator waiting until its grace period ends in SIGKILL.
 */
export const STOP_GRACE_MS = 2000;

/**
 * Calls `onStop` on the first stop signal. If the command has not finished stopping (called the
 * returned function) within STOP_GRACE_MS, or a second signal comes (the user insists, or the
 * orchestrator's grace period is ending), it quits at once: temporary files are removed, finished
 * files are kept, and the process exits with the signal's code. Returns the function that stops listening.
 */
export function onStopSignal(onStop: (signal: StopSignal) => void): () => void {
  let stopping = false;
  let watchdog: NodeJS.Timeout | undefined;
  const quit = (signal: StopSignal) => {
    removeTemporaryFiles();
    process.exit(signalExitCode(signal));
  };
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (stopping) quit(signal);
      stopping = true;
      onStop(signal);
      watchdog = setTimeout(() => {
        process.stderr.write(`${stoppedBy(signal)}: still busy ${STOP_GRACE_MS / 1000} s later, so quitting now; nothing more written (temporary files removed, finished files kept)\n`);
        quit(signal);
      }, STOP_GRACE_MS);
      watchdog.unref(); // never what keeps the process alive
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    clearTimeout(watchdog);
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
