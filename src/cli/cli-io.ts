import type { Readable, Writable } from 'node:stream';

/** The process edges a command may touch; tests pass their own. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal (colors, tables). */
  isTTY: boolean;
  /** stderr is a terminal (progress bar). */
  stderrIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/** Colors only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIo): boolean {
  return io.isTTY && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
}

/** Exit codes, documented in README "Exit codes". */
export const EXIT = {
  ok: 0,
  /** --fail-on matched a finding, or `diff` found changes. */
  findings: 1,
  usage: 2,
  fault: 3,
} as const;
