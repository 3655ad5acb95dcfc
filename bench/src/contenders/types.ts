import type { Command } from "@iop/core";
import type { BenchEvent } from "../data.js";

/**
 * What every contender implements. Streams and agreements are named by number (see
 * `streamIdOf`, `agreementIdOf`), so each contender derives the same ids.
 */
export interface Contender {
  /** Appends `events` to stream number `stream`, which must be at `expectedVersion`. */
  append(stream: number, events: readonly BenchEvent[], expectedVersion: number): Promise<void>;
  /** Reads stream number `stream` in full, data parsed; returns how many events it has. */
  readStream(stream: number): Promise<number>;
  /** Reads every event in global order, `pageSize` per call, data parsed; returns how many. */
  readAll(pageSize: number): Promise<number>;
  /** Reads every event in global order and folds the agreement register; returns its row count. */
  rebuildRegister(pageSize: number): Promise<number>;
  /** Handles one command: load and fold the agreement, decide, append with the expected version. */
  handle(agreement: number, command: Command): Promise<void>;
  close(): Promise<void>;
}
