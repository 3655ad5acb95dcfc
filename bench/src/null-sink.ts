import { once } from "node:events";
import { Writable } from "node:stream";

/** A sink that keeps nothing and counts the bytes it was given. */
export interface NullSink {
  readonly stream: Writable;
  /** Bytes written so far. */
  bytes(): number;
}

/**
 * A sink that throws what it is given away one chunk per turn of the event loop, with a small
 * buffer: like a pipe to a slow reader, it makes a writer that ignores back-pressure pile its
 * chunks up in memory, so an export's peak memory shows whether it waits.
 */
export function nullSink(highWaterMark = 64 * 1024): NullSink {
  let bytes = 0;
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  return { stream, bytes: () => bytes };
}

/** Writes `text`, and waits until the sink has drained when its buffer is full. */
export async function writeWaiting(sink: Writable, text: string): Promise<void> {
  if (!sink.write(text)) await once(sink, "drain");
}

/** Ends the sink once everything written has been taken. */
export function endSink(sink: Writable): Promise<void> {
  return new Promise((resolve, reject) =>
    sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}
