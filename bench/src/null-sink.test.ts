import { describe, expect, it } from "vitest";
import { endSink, nullSink, writeWaiting } from "./null-sink.js";

describe("the export's null sink", () => {
  it("makes a writer wait until a full buffer has drained, and counts every byte", async () => {
    const sink = nullSink(16);
    const chunk = "x".repeat(40);
    // Past the buffer's 16 bytes: write() asks the writer to wait.
    expect(sink.stream.write(chunk)).toBe(false);
    await writeWaiting(sink.stream, chunk);
    // writeWaiting returned only after the sink took what was buffered.
    expect(sink.stream.writableLength).toBe(0);
    await writeWaiting(sink.stream, "åäö");
    await endSink(sink.stream);
    expect(sink.bytes()).toBe(80 + Buffer.byteLength("åäö"));
  });
});
