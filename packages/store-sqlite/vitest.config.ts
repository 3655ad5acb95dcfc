import { packageProject } from "../../vitest.shared.js";

export default packageProject("store-sqlite", {
  // Real files with an fsync per commit, and property tests of many appends: on a small machine
  // busy with other test runs they take many times what they take alone.
  testTimeout: 30_000,
  hookTimeout: 30_000,
});
