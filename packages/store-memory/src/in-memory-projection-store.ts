import {
  assertProjectionName,
  ProjectionConflictError,
  type ProjectionSnapshot,
  type ProjectionStore,
  prepareProjectionSave,
} from "@iop/core";

/** Keeps durable projection snapshots in memory (tests, small embeddings). */
export class InMemoryProjectionStore implements ProjectionStore {
  private readonly snapshots = new Map<string, string>();

  async load(name: string): Promise<ProjectionSnapshot | undefined> {
    assertProjectionName(name);
    const json = this.snapshots.get(name);
    // Stored as JSON so a loaded state is a copy, as it would be from a database.
    return json === undefined ? undefined : (JSON.parse(json) as ProjectionSnapshot);
  }

  async save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void> {
    const { stateJson } = prepareProjectionSave(snapshot, expectedCheckpoint);
    const current = await this.load(snapshot.name);
    if ((current?.checkpoint ?? null) !== expectedCheckpoint)
      throw new ProjectionConflictError(snapshot.name, expectedCheckpoint);
    const { name, version, checkpoint } = snapshot;
    this.snapshots.set(name, JSON.stringify({ name, version, checkpoint, state: JSON.parse(stateJson) }));
  }

  async delete(name: string): Promise<void> {
    assertProjectionName(name);
    this.snapshots.delete(name);
  }
}
