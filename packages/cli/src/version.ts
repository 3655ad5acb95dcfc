import { readFileSync } from "node:fs";

/** The CLI package's version, read from its package.json (one folder up from src/ and dist/ alike). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version?: unknown;
  };
  if (typeof manifest.version !== "string") throw new TypeError("package.json of @iop/cli has no version");
  return manifest.version;
}
