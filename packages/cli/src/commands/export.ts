import { createWriteStream } from "node:fs";
import { type EventStore, readAllPages } from "@iop/core";
import type { Output } from "../output.js";

/**
 * Writes every event, in global order, as JSON lines of whole envelopes: a backup or a move.
 * A corrupt stored event stops it with `CorruptEventError` naming the event: a backup must not
 * leave an event out unnoticed.
 */
export async function exportCommand(
  store: EventStore,
  file: string | undefined,
  io: Output,
): Promise<number> {
  if (file === undefined) {
    for await (const page of readAllPages(store)) for (const event of page) io.out(JSON.stringify(event));
    return 0;
  }
  const out = createWriteStream(file, { encoding: "utf8" });
  let count = 0;
  try {
    for await (const page of readAllPages(store)) {
      if (!out.write(page.map((event) => `${JSON.stringify(event)}\n`).join("")))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      count += page.length;
    }
  } catch (error) {
    out.destroy();
    throw error;
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  io.out(`${count} events exported to ${file}.`);
  return 0;
}
