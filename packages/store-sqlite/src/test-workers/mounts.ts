import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: ["ignore", "ignore", "pipe"] });
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
  return (stderr || (error as Error).message).split("\n")[0] ?? "";
}

/** A tmpfs of its own, mounted on a fresh temporary folder. */
export interface Tmpfs {
  readonly dir: string;
  /** Remounts it read-only, as a CD or a write-protected stick would be. */
  makeReadOnly(): void;
  /** Unmounts it and removes its folder. */
  remove(): void;
}

/** Mounts a tmpfs of `size` (`512k`, `4m`) on a new temporary folder. */
export function mountTmpfs(size: string): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), "iop-tmpfs-"));
  try {
    run("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0755`, "tmpfs", dir]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    makeReadOnly: () => run("mount", ["-o", "remount,ro", dir]),
    remove() {
      try {
        run("umount", [dir]);
      } catch {
        // A failed test may have left a file open on it: detach it all the same.
        run("umount", ["--lazy", dir]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Why no tmpfs can be mounted here (not root, no permission, not Linux), or `undefined`. */
function whyNoTmpfs(): string | undefined {
  try {
    mountTmpfs("64k").remove();
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs here (${firstLine(error)})`;
  }
}

/** Set when this machine cannot mount a tmpfs; tests that need one are then skipped, by name. */
export const noTmpfs: string | undefined = whyNoTmpfs();

/** A test that mounts tmpfs file systems: registered as skipped, saying why, where it cannot. */
export function itWithTmpfs(name: string, test: () => Promise<void>, timeout?: number): void {
  if (noTmpfs === undefined) it(name, test, timeout);
  else it.skip(`${name} — skipped: ${noTmpfs}`, test);
}
