import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** Whom a worker runs as: another user (`uid`, `gid`) needs this process to be root. */
export interface WorkerUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Starts `script` (a file of this folder) in a real Node process, running the TypeScript
 * sources through tsx, with an IPC channel and piped stdout/stderr.
 */
export function spawnWorker(script: string, args: readonly string[], user?: WorkerUser): ChildProcess {
  const file = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, ["--conditions=source", "--import", "tsx", file, ...args], {
    cwd: PACKAGE_DIR,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    ...user,
  });
}

/** Collects a child's stderr, to show why it failed. */
export function collectStderr(child: ChildProcess): () => string {
  let text = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    text += chunk;
  });
  return () => text;
}

/** Resolves with the child's first IPC message satisfying `accept`; rejects if it exits first. */
export function nextMessage<T>(
  child: ChildProcess,
  accept: (message: T) => boolean,
  stderr: () => string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (!accept(message as T)) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`worker exited (code ${code}, signal ${signal}) before the message:\n${stderr()}`));
    };
    const cleanup = (): void => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

/** Resolves when the child has exited, with its exit code and signal. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}
