import type { Json } from "./envelope.js";

/** A durable projection's state saved together with the position it has handled. */
export interface ProjectionSnapshot {
  readonly name: string;
  /** The projection's version: a different version is rebuilt from zero. */
  readonly version: number;
  /** The global position of the last event folded into `state`. */
  readonly checkpoint: number;
  readonly state: Json;
}

/**
 * Where durable projections keep state and checkpoint. Saving both in one write is what
 * makes a crash between handling and checkpointing harmless: either both moved or neither.
 */
export interface ProjectionStore {
  load(name: string): Promise<ProjectionSnapshot | undefined>;
  /**
   * Saves the snapshot atomically, if the stored checkpoint is still `expectedCheckpoint`
   * (`null`: nothing stored yet).
   * @throws {ProjectionConflictError} when another runner saved in between.
   */
  save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void>;
  /** Forgets the projection (used before a rebuild). */
  delete(name: string): Promise<void>;
}
