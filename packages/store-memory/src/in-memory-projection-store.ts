import {
  ProjectionConflictError,
  type ProjectionSnapshot,
  type ProjectionStore,
  StoreClosedError,
} from "@iop/core";
import { assertProjectionName, prepareProjectionSave } from "@iop/core/adapter-kit";

/** Keeps durable projection snapshots in memory (tests, small embeddings). */
export class InMemoryProjectionStore implements ProjectionStore {
  private readonly snapshots = new Map<string, string>();
  private closed = false;

  async load(name: string): Promise<ProjectionSnapshot | undefined> {
    this.assertOpen();
    assertProjectionName(name);
    const json = this.snapshots.get(name);
    // Stored as JSON so a loaded state is a copy, as it would be from a database.
    return json === undefined ? undefined : (JSON.parse(json) as ProjectionSnapshot);
  }

  async save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void> {
    this.assertOpen();
    const { stateJson } = prepareProjectionSave(snapshot, expectedCheckpoint);
    const current = await this.load(snapshot.name);
    if ((current?.checkpoint ?? null) !== expectedCheckpoint)
      throw new ProjectionConflictError(snapshot.name, expectedCheckpoint);
    const { name, version, checkpoint } = snapshot;
    this.snapshots.set(
      name,
      `{"name":${JSON.stringify(name)},"version":${version},"checkpoint":${checkpoint},"state":${stateJson}}`,
    );
  }

  async delete(name: string): Promise<void> {
    this.assertOpen();
    assertProjectionName(name);
    this.snapshots.delete(name);
  }

  /** Later calls throw `StoreClosedError`, as a database's projection store does once closed. */
  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}
