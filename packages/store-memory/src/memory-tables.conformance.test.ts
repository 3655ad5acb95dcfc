import { ProjectionTables } from "@iop/core";
import { describeProjectionTablesConformance } from "@iop/store-testkit";
import { MemoryTablesDriver } from "./memory-tables-driver.js";

describeProjectionTablesConformance("in-memory", async () => {
  const tables = new ProjectionTables(new MemoryTablesDriver());
  return { tables, second: tables, dispose: () => tables.close() };
});
