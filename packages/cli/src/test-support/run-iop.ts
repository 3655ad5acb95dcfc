import { main } from "../main.js";

/** What one run of the CLI did: its exit code and the lines it printed, joined. */
export interface IopRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `iop` in this process with `args`, capturing standard output and error. */
export async function iop(...args: string[]): Promise<IopRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
