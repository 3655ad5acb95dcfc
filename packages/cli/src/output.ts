/** Where a command writes: standard output and error in the binary, buffers in tests. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** The process's own standard output and error. */
export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A command-line mistake: wrong arguments or options. Exit code 2, with the usage. */
export class UsageError extends Error {}
