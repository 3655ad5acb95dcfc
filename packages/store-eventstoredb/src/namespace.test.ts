import { InvalidStoreInputError } from "@iop/core";
import { describe, expect, it } from "vitest";
import { assertNamespace } from "./namespace.js";

describe("namespaces", () => {
  it.each(["", "tenant-a/", "iop-conformance-1/", "förening/", "a$b/"])("allow %j", (namespace) => {
    expect(() => assertNamespace(namespace)).not.toThrow();
  });

  it.each([
    ["a leading $", "$tenant/"],
    ["a control character", "tenant\u0000/"],
    ["a lone surrogate", "tenant\ud800/"],
    ["something other than text", 7],
  ])("refuse %s on field namespace", (_label, namespace) => {
    expect(() => assertNamespace(namespace)).toThrow(InvalidStoreInputError);
    expect(() => assertNamespace(namespace)).toThrow(expect.objectContaining({ field: "namespace" }));
  });
});
