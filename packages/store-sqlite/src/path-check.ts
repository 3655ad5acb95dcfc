import { accessSync, constants, type Stats, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { failWith } from "./sqlite-failure.js";

/** What the store will do with the file at a path. */
export interface PathUse {
  readonly readOnly: boolean;
  readonly create: boolean;
}

/** The entry at `path`, or `undefined` when there is none (or a folder on the way is a file). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    if (code === "EACCES")
      failWith("access-denied", `${path} is in a folder this process may not search (EACCES)`);
    throw error;
  }
}

/** Refuses, with what to do, when this process may not read (or write) `target`. */
function assertAccess(target: string, write: boolean, what: string): void {
  try {
    accessSync(target, write ? constants.R_OK | constants.W_OK : constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EROFS") failWith("read-only", `${what} is on read-only media (EROFS)`);
    if (code === "EACCES" || code === "EPERM")
      failWith("access-denied", `${what} may not be ${write ? "written" : "read"} by this process (${code})`);
    throw error;
  }
}

/**
 * Looks at the path with the file system before SQLite opens it, since SQLite says
 * `SQLITE_CANTOPEN` of a missing folder, a folder, a missing file and a folder it may not write
 * alike, and so the message can say what to do.
 * @throws {SqliteFailure} naming what is wrong.
 */
export function checkPath(path: string, use: PathUse): void {
  if (path === ":memory:") return;
  const folder = dirname(resolve(path));
  const entry = statOf(path);
  if (entry === undefined) {
    const parent = statOf(folder);
    if (parent === undefined) failWith("not-found", `the folder ${folder} does not exist; create it first`);
    if (!parent.isDirectory()) failWith("not-found", `${folder} is a file, not a folder`);
    if (use.readOnly)
      failWith("not-found", `no database file at ${path}; readOnly opens an existing one only`);
    if (!use.create) failWith("not-found", `no database file at ${path}, and create is false`);
    assertAccess(folder, true, `the folder ${folder}`);
    return;
  }
  if (entry.isDirectory())
    failWith("not-a-store", `${path} is a folder, not a database file; name a file in it`);
  if (!entry.isFile()) failWith("not-a-store", `${path} is not a regular file`);
  assertAccess(path, !use.readOnly, path);
  // SQLite keeps the -wal and -shm files beside the database while it is open for writing.
  if (!use.readOnly) assertAccess(folder, true, `the folder ${folder}`);
}
