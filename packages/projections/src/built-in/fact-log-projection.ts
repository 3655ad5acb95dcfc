import { type EventType, eventTypes } from "@iop/core";
import {
  definePerAgreementProjection,
  type PerAgreementState,
  type RowHandler,
} from "../per-agreement-projection.js";
import type { Projection } from "../projection.js";
import { type Fact, type FactOptions, factOf } from "./facts.js";

/** The state of every built-in: per agreement id, its facts in stream order. */
export type FactLogState = PerAgreementState<readonly Fact[]>;

/**
 * A per-agreement projection that keeps the facts of the given event types (or of all) with
 * both clocks' stamps, so its queries can answer "as of" a business date and "as known at" a
 * record time from the stored state, without a replay. `options.decisionDetail` keeps each
 * decision's points and signatories (only the audit trail shows them).
 */
export function factLogProjection(
  name: string,
  version: number,
  types: readonly EventType[] | "all",
  options: FactOptions = {},
): Projection<FactLogState> {
  const append: RowHandler<readonly Fact[], EventType> = (facts, event) => [...facts, factOf(event, options)];
  const kept = types === "all" ? eventTypes : types;
  const handlers = Object.fromEntries(kept.map((type) => [type, append]));
  return types === "all"
    ? definePerAgreementProjection<readonly Fact[]>({
        name,
        version,
        initialRow: [],
        handles: "all",
        handlers: handlers as { [K in EventType]: RowHandler<readonly Fact[], K> },
      })
    : definePerAgreementProjection<readonly Fact[]>({ name, version, initialRow: [], handlers });
}
