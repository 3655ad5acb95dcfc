import { CorruptEventError, readAllPages, type StoredEvent } from "@iop/core";
import { expect, it } from "vitest";
import type { EventStoreHarness, HarnessFactory } from "./harness.js";
import { sampleEvents, uniqueStreamId } from "./sample-events.js";

/**
 * A stored row broken behind the store's back (`data = '{"broken'`): its reads name it, reads of
 * other streams keep working, and a reader of everything can report it and go on past it.
 */
export function corruptRowTests(factory: HarnessFactory): void {
  it("a corrupt stored event is a typed error naming its stream, version and position", async () => {
    // A harness of its own: the corrupt row stays behind, and other tests read everything.
    const h = await factory();
    try {
      await checkCorruptRow(h);
    } finally {
      await h.dispose();
    }
  });
}

async function checkCorruptRow(h: EventStoreHarness): Promise<void> {
  {
    const corrupt = h.corruptEvent;
    if (corrupt === undefined) throw new Error("corruptRowTests needs a harness with corruptEvent");
    const broken = uniqueStreamId("corrupt");
    const healthy = uniqueStreamId("healthy");
    await h.store.append(broken, sampleEvents(3), { expectedVersion: "no-stream" });
    await h.store.append(healthy, sampleEvents(2), { expectedVersion: "no-stream" });
    const [, second] = await h.store.readStream(broken);
    await corrupt(broken, 2);

    const error = await h.store.readStream(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptEventError);
    expect(error).toMatchObject({
      streamId: broken,
      streamVersion: 2,
      globalPosition: second?.globalPosition,
      field: "data",
    });
    expect(await h.store.readStream(healthy)).toHaveLength(2);

    // Read everything, resuming past the corrupt event as an auditor's replay would.
    const seen: StoredEvent[] = [];
    const found: CorruptEventError[] = [];
    let after = 0;
    for (;;) {
      try {
        for await (const page of readAllPages(h.store, { after, pageSize: 2 })) {
          seen.push(...page);
          after = page.at(-1)?.globalPosition ?? after;
        }
        break;
      } catch (e) {
        if (!(e instanceof CorruptEventError)) throw e;
        found.push(e);
        after = e.globalPosition;
      }
    }
    expect(found.map((e) => `${e.streamId}@${e.streamVersion}`)).toContain(`${broken}@2`);
    const ours = seen.filter((e) => e.streamId === broken || e.streamId === healthy);
    expect(ours.map((e) => `${e.streamId === broken ? "b" : "h"}${e.streamVersion}`)).toEqual([
      "b1",
      "b3",
      "h1",
      "h2",
    ]);
  }
}
