import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { type EventStore, exportLines } from "@iop/core";
import { writeWithBackPressure } from "../io/write-lines.js";
import type { Output } from "../output.js";

/**
 * Writes every event, in global order, as JSON lines of whole envelopes with their hashes, then
 * a trailer (count, last position, root) by which `import` knows the file is whole. Waits on a
 * slow output, so memory stays flat. A corrupt stored event stops it with `CorruptEventError`
 * naming the event: a backup must not leave one out.
 */
export async function exportCommand(
  store: Pick<EventStore, "readAll">,
  file: string | undefined,
  io: Output,
): Promise<number> {
  const sink: Writable | undefined =
    file === undefined ? io.stream : createWriteStream(file, { encoding: "utf8" });
  let lines = 0;
  try {
    for await (const chunk of exportLines(store)) {
      if (sink === undefined) io.out(chunk.trimEnd());
      else await writeWithBackPressure(sink, chunk);
      for (let at = chunk.indexOf("\n"); at >= 0; at = chunk.indexOf("\n", at + 1)) lines += 1;
      io.progress?.(`exporting: ${lines.toLocaleString("sv-SE")} events`);
    }
  } catch (error) {
    if (file !== undefined) sink?.destroy();
    throw error;
  } finally {
    io.progress?.(undefined);
  }
  if (file !== undefined && sink !== undefined) {
    await new Promise<void>((resolve, reject) =>
      sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    io.out(`${lines - 1} events exported to ${file}, with a trailer that import checks.`);
  }
  return 0;
}
