import { ProjectionConflictError, type ProjectionSnapshot, type ProjectionStore } from "@iop/core";

/** Keeps durable projection snapshots in memory (tests, small embeddings). */
export class InMemoryProjectionStore implements ProjectionStore {
  private readonly snapshots = new Map<string, string>();

  async load(name: string): Promise<ProjectionSnapshot | undefined> {
    const json = this.snapshots.get(name);
    // Stored as JSON so a loaded state is a copy, as it would be from a database.
    return json === undefined ? undefined : (JSON.parse(json) as ProjectionSnapshot);
  }

  async save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void> {
    const current = await this.load(snapshot.name);
    if ((current?.checkpoint ?? null) !== expectedCheckpoint)
      throw new ProjectionConflictError(snapshot.name, expectedCheckpoint);
    this.snapshots.set(snapshot.name, JSON.stringify(snapshot));
  }

  async delete(name: string): Promise<void> {
    this.snapshots.delete(name);
  }
}
