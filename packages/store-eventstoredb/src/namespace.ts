import { InvalidStoreInputError } from "@iop/core";

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks a namespace (the stream-name prefix of a store): well-formed text without control
 * characters, not starting with `$`, which EventStoreDB reserves for its system streams.
 * @throws {InvalidStoreInputError} on field `namespace`.
 */
export function assertNamespace(namespace: unknown): asserts namespace is string {
  if (typeof namespace !== "string" || CONTROL.test(namespace) || !namespace.isWellFormed())
    throw new InvalidStoreInputError("namespace", "must be well-formed text without control characters");
  if (namespace.startsWith("$"))
    throw new InvalidStoreInputError("namespace", "must not start with $ (reserved for system streams)");
}
