import { InvalidStoreInputError } from "@iop/core";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "./open-sqlite-store.js";
import { checkSqliteOptions, DEFAULT_PATH, type SqliteStoreOptions } from "./sqlite-store-options.js";

describe("SQLite store options", () => {
  it("default to ./iop.db, writable, created when missing, synchronous full, 5 s busy timeout", () => {
    expect(checkSqliteOptions({})).toMatchObject({
      path: DEFAULT_PATH,
      readOnly: false,
      create: true,
      synchronous: "full",
      busyTimeoutMs: 5000,
    });
    expect(checkSqliteOptions({ readOnly: true })).toMatchObject({ readOnly: true, create: false });
  });

  it.each<[string, unknown]>([
    ["options", null],
    ["options", "iop.db"],
    ["path", { path: "" }],
    ["path", { path: 42 }],
    ["path", { path: " iop.db" }],
    ["path", { path: "iop\0.db" }],
    ["path", { path: ":memory:", readOnly: true }],
    ["readOnly", { readOnly: "yes" }],
    ["create", { create: 1 }],
    ["create", { readOnly: true, create: true }],
    ["create", { path: ":memory:", create: false }],
    ["synchronous", { synchronous: "off" }],
    ["clock", { clock: new Date() }],
    ["busyTimeoutMs", { busyTimeoutMs: -1 }],
    ["busyTimeoutMs", { busyTimeoutMs: 1.5 }],
    ["busyTimeoutMs", { busyTimeoutMs: 2 ** 31 }],
  ])(
    "refuse a bad %s with InvalidStoreInputError naming it (%j), before touching the disk",
    async (field, options) => {
      const error = await openSqliteStore(options as SqliteStoreOptions).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidStoreInputError);
      expect(error).toMatchObject({ field });
    },
  );
});
