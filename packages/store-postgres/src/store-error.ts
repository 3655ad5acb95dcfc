import { driverFailure } from "@iop/core/adapter-kit";
import { classifyPostgresError } from "./classify.js";

/** The name failures of calls outside the core's store (projections, `migrate()`) go by. */
const POSTGRES = { name: "PostgreSQL", classify: classifyPostgresError };

/**
 * The port's typed error for a failure of a call the core's store does not wrap (the projection
 * store's operations and `migrate()`), translated the core's way, as event store calls are.
 */
export function toStoreError(error: unknown): Error {
  return driverFailure(POSTGRES, error);
}
