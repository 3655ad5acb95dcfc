import { createRequire } from "node:module";
import { InvalidStoreInputError } from "@iop/core";
import { describe, expect, it } from "vitest";
import { clientPackageFor, connectClient } from "./client-selection.js";

describe("the client package for a connection string", () => {
  it.each([
    "kurrentdb://localhost:2113?tls=false",
    "kurrentdb+discover://cluster.example:2113",
    "kurrent://localhost:2113",
    "kurrent+discover://cluster.example:2113",
    "kdb://localhost:2113",
    "  kurrentdb://localhost:2113",
  ])("is @kurrent/kurrentdb-client for %s", (url) => {
    expect(clientPackageFor(url)).toBe("@kurrent/kurrentdb-client");
    expect(clientPackageFor(url, "@kurrent/kurrentdb-client")).toBe("@kurrent/kurrentdb-client");
  });

  it.each(["esdb://localhost:2113?tls=false", "esdb+discover://cluster.example:2113"])(
    "is @eventstore/db-client for %s, unless @kurrent/kurrentdb-client is asked for",
    (url) => {
      expect(clientPackageFor(url)).toBe("@eventstore/db-client");
      expect(clientPackageFor(url, "@eventstore/db-client")).toBe("@eventstore/db-client");
      expect(clientPackageFor(url, "@kurrent/kurrentdb-client")).toBe("@kurrent/kurrentdb-client");
    },
  );

  it("refuses @eventstore/db-client for a KurrentDB scheme, which it cannot read", () => {
    expect(() => clientPackageFor("kurrentdb://localhost:2113", "@eventstore/db-client")).toThrow(
      expect.objectContaining({ field: "target", message: expect.stringContaining("esdb://") }),
    );
  });

  it.each([
    ["another database's URL", "postgres://localhost/iop"],
    ["a host without a scheme", "localhost:2113"],
    ["an empty string", ""],
    ["a scheme in capitals, which neither client reads", "KurrentDB://localhost:2113"],
  ])("refuses %s on field target", (_label, url) => {
    expect(() => clientPackageFor(url)).toThrow(InvalidStoreInputError);
    expect(() => clientPackageFor(url)).toThrow(expect.objectContaining({ field: "target" }));
  });

  it("refuses an unknown package on field clientPackage", () => {
    expect(() => clientPackageFor("esdb://localhost:2113", "eventstore" as never)).toThrow(
      expect.objectContaining({ field: "clientPackage" }),
    );
  });
});

describe("connecting", () => {
  /** Whether a file of `name` is loaded (both clients are CommonJS, so Node's cache lists them). */
  const loaded = (name: string): boolean =>
    Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`/node_modules/${name}/`));

  it("loads only the client package it uses", async () => {
    expect(loaded("@kurrent/kurrentdb-client")).toBe(false);
    expect(loaded("@eventstore/db-client")).toBe(false);
    const kurrent = await connectClient("kurrentdb://127.0.0.1:1?tls=false", "@kurrent/kurrentdb-client");
    expect(loaded("@kurrent/kurrentdb-client")).toBe(true);
    expect(loaded("@eventstore/db-client")).toBe(false);
    const esdb = await connectClient("esdb://127.0.0.1:1?tls=false", "@eventstore/db-client");
    expect(loaded("@eventstore/db-client")).toBe(true);
    await Promise.all([kurrent.dispose(), esdb.dispose()]);
  });

  it.each(["@kurrent/kurrentdb-client", "@eventstore/db-client"] as const)(
    "refuses a string %s cannot read on field target",
    async (clientPackage) => {
      await expect(connectClient("esdb://", clientPackage)).rejects.toMatchObject({
        field: "target",
        message: expect.stringContaining(clientPackage),
      });
    },
  );
});
