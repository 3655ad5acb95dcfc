import type { EventType } from "@iop/core";
import { definePerAgreementLog, type PerAgreementLogState } from "../per-agreement-log.js";
import type { Projection } from "../projection.js";
import { type Fact, type FactOptions, factOf } from "./facts.js";

/** The state of every built-in: per agreement id, its facts in stream order. */
export type FactLogState = PerAgreementLogState<Fact>;

/**
 * A per-agreement projection that keeps the facts of the given event types (or of all), each
 * stamped with its business date and record time, so its queries can answer on every clock (see
 * `Clocks`) from the stored state, without a replay. `options.decisionDetail` keeps each
 * decision's points and signatories (only the audit trail shows them).
 */
export function factLogProjection(
  name: string,
  version: number,
  types: readonly EventType[] | "all",
  options: FactOptions = {},
): Projection<FactLogState> {
  return definePerAgreementLog<Fact>({ name, version, types, entryOf: (event) => factOf(event, options) });
}
