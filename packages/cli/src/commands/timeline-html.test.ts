import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { HUSBY_PARTNERSHIP_ID, rinkebyKista2022 } from "@iop/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import { UsageError } from "../output.js";
import { personalDataView } from "../personal-data-view.js";
import { husbyStore } from "../test-support/husby-timeline-page.js";
import { iop } from "../test-support/run-iop.js";
import { type QueryOptions, queryCommand } from "./query.js";

describe("timeline --html on a store of several partnerships", () => {
  let dir: string;
  let location: string;
  beforeAll(async () => {
    ({ dir, location } = await husbyStore());
    await writeFile(join(dir, "rinkeby.json"), JSON.stringify(rinkebyKista2022));
    const recorded = await iop("--store", location, "record", join(dir, "rinkeby.json"));
    expect(recorded.err).toBe("");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const timeline = async (options: Partial<QueryOptions>) => {
    const store = personalDataView(await openStore(location, "audit"));
    try {
      return await queryCommand(
        store,
        "timeline",
        { clocks: {}, json: false, ...options },
        {
          out: () => {},
          err: () => {},
        },
      );
    } finally {
      await store.close();
    }
  };

  it("refuses without a partnershipId, naming the partnerships, and writes nothing", async () => {
    const html = join(dir, "all.html");
    const refusal = timeline({ html });
    await expect(refusal).rejects.toThrow(UsageError);
    await expect(refusal).rejects.toThrow(new RegExp(`needs a partnershipId: .*${HUSBY_PARTNERSHIP_ID}.*, `));
    expect(existsSync(html)).toBe(false);
  });

  it("refuses a partnership the store does not hold", async () => {
    await expect(timeline({ html: join(dir, "x.html"), partnershipId: "nope" })).rejects.toThrow(
      'no partnership "nope"',
    );
  });

  it("writes the page of the partnership named", async () => {
    const html = join(dir, "husby.html");
    expect(await timeline({ html, partnershipId: HUSBY_PARTNERSHIP_ID })).toBe(0);
    expect(existsSync(html)).toBe(true);
  });
});
