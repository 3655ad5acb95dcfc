import { main } from "../main.js";

/** What one run of the CLI did: its exit code and the lines it printed, joined. */
export interface IopRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** Every line of both streams, in the order they were printed, as a terminal shows them. */
  readonly lines: readonly string[];
}

/** Runs `iop` in this process with `args`, capturing standard output and error. */
export async function iop(...args: string[]): Promise<IopRun> {
  const out: string[] = [];
  const err: string[] = [];
  const lines: string[] = [];
  const code = await main(args, {
    out: (line) => {
      out.push(line);
      lines.push(line);
    },
    err: (line) => {
      err.push(line);
      lines.push(line);
    },
  });
  return { code, out: out.join("\n"), err: err.join("\n"), lines };
}
