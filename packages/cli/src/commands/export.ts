import { createWriteStream } from "node:fs";
import type { EventStore } from "@iop/core";
import type { Output } from "../output.js";
import { readEverything } from "../read-everything.js";

/** Writes every event, in global order, as JSON lines of whole envelopes: a backup or a move. */
export async function exportCommand(
  store: EventStore,
  file: string | undefined,
  io: Output,
): Promise<number> {
  let count = 0;
  if (file === undefined) {
    for await (const event of readEverything(store)) {
      io.out(JSON.stringify(event));
      count += 1;
    }
    return 0;
  }
  const out = createWriteStream(file, { encoding: "utf8" });
  for await (const event of readEverything(store)) {
    if (!out.write(`${JSON.stringify(event)}\n`))
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    count += 1;
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  io.out(`${count} events exported to ${file}.`);
  return 0;
}
