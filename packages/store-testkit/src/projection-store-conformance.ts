import { InvalidStoreInputError, ProjectionConflictError, type ProjectionSnapshot } from "@iop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProjectionStoreHarness } from "./harness.js";
import { uniqueStreamId } from "./sample-events.js";

function snapshot(name: string, checkpoint: number, state: ProjectionSnapshot["state"]): ProjectionSnapshot {
  return { name, version: 1, checkpoint, state };
}

/** The suite every {@link ProjectionStore} runs: atomic, conditional saves of state and checkpoint. */
export function describeProjectionStoreConformance(
  name: string,
  factory: () => Promise<ProjectionStoreHarness>,
): void {
  describe(`${name} projection store conformance`, () => {
    let h: ProjectionStoreHarness;
    beforeAll(async () => {
      h = await factory();
    });
    afterAll(async () => {
      await h?.dispose();
    });

    it("loads nothing for a projection never saved", async () => {
      expect(await h.store.load(uniqueStreamId("projection"))).toBeUndefined();
    });

    it("saves and loads state and checkpoint together, Unicode intact", async () => {
      const id = uniqueStreamId("projection");
      const state = { "Husby Konst- och Hantverksförening": { kronor: 324000, år: [2022, 2023] }, ok: true };
      await h.store.save(snapshot(id, 17, state), null);
      expect(await h.store.load(id)).toEqual(snapshot(id, 17, state));
      await h.store.save({ ...snapshot(id, 42, { n: 2 }), version: 3 }, 17);
      expect(await h.store.load(id)).toEqual({ ...snapshot(id, 42, { n: 2 }), version: 3 });
    });

    it("refuses a save whose expected checkpoint is stale, and keeps what was stored", async () => {
      const id = uniqueStreamId("projection");
      await h.store.save(snapshot(id, 5, { n: 1 }), null);
      await expect(h.store.save(snapshot(id, 9, { n: 9 }), 3)).rejects.toBeInstanceOf(
        ProjectionConflictError,
      );
      await expect(h.store.save(snapshot(id, 9, { n: 9 }), null)).rejects.toBeInstanceOf(
        ProjectionConflictError,
      );
      expect(await h.store.load(id)).toEqual(snapshot(id, 5, { n: 1 }));
    });

    it("refuses a first save that expects a checkpoint", async () => {
      const id = uniqueStreamId("projection");
      await expect(h.store.save(snapshot(id, 1, {}), 0)).rejects.toBeInstanceOf(ProjectionConflictError);
      expect(await h.store.load(id)).toBeUndefined();
    });

    it.each([
      ["an empty name", snapshot("", 1, {})],
      ["a fractional checkpoint", snapshot("p", 1.5, {})],
      ["a negative version", { ...snapshot("p", 1, {}), version: -1 }],
      ["a state that is not JSON", snapshot("p", 1, { n: Number.NaN })],
    ])("refuses %s with a typed error and stores nothing", async (_label, bad) => {
      const name = bad.name === "" ? "" : uniqueStreamId("projection");
      await expect(h.store.save({ ...bad, name } as ProjectionSnapshot, null)).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
      if (name !== "") expect(await h.store.load(name)).toBeUndefined();
    });

    it("deletes one projection and leaves the others", async () => {
      const a = uniqueStreamId("projection");
      const b = uniqueStreamId("projection");
      await h.store.save(snapshot(a, 1, { a: 1 }), null);
      await h.store.save(snapshot(b, 2, { b: 2 }), null);
      await h.store.delete(a);
      expect(await h.store.load(a)).toBeUndefined();
      expect(await h.store.load(b)).toEqual(snapshot(b, 2, { b: 2 }));
      await h.store.save(snapshot(a, 1, { again: true }), null);
    });
  });
}
