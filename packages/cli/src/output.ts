import type { Writable } from "node:stream";

/** Where a command writes: standard output and error in the binary, buffers in tests. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /**
   * A progress line for long work, replacing the one before; `undefined` clears it. Shown only
   * on a terminal's standard error, so logs and pipes stay clean.
   */
  progress?(line: string | undefined): void;
  /** Standard output as a stream, for output too large to hold: writers wait when it is full. */
  readonly stream?: Writable;
}

const terminal = process.stderr.isTTY === true;

/** The process's own standard output and error. */
export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (line) => {
    if (terminal) process.stderr.write(line === undefined ? "\r\x1b[2K" : `\r\x1b[2K${line}`);
  },
  stream: process.stdout,
};

/** A command-line mistake: wrong arguments or options. Exit code 2: one line, then where the command's help is. */
export class UsageError extends Error {}
