import type { Command } from '@commander-js/extra-typings';
import type { ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './main.js';

/** Registers the report commands on the program (see main.ts). */
export function registerReportCommands(program: Command, io: CliIo, setExit: (code: ExitCodeValue) => void): void {
  void program;
  void io;
  void setExit;
}
