import { type CheckedClocks, type Clocks, checkClocks } from "../clocks.js";
import { type AgreementView, inForceOn, viewOf } from "./agreement-view.js";
import { type FactLogState, factLogProjection } from "./fact-log-projection.js";

/**
 * The agreement register: one row per agreement — parties, purpose, period, granted amount,
 * status and the date of each decision. Keeps every event type (`handles: "all"`), so a new
 * event type in the core is a compile error here until the register knows it.
 */
export const registerProjection = factLogProjection("iop.agreement-register", 2, "all");

/** A row of the register. */
export type RegisterRow = AgreementView & {
  /**
   * In force on the `inForceOn` day (see {@link inForceOn}); `null` when the query names no day,
   * since "in force" needs one.
   */
  readonly inForce: boolean | null;
};

/** The rows of a fact-log state on checked clocks, ordered by date received, then agreement id. */
export function viewsOf(state: FactLogState, clocks: CheckedClocks): AgreementView[] {
  const views: AgreementView[] = [];
  for (const [agreementId, facts] of Object.entries(state)) {
    const view = viewOf(agreementId, facts, clocks);
    if (view !== undefined) views.push(view);
  }
  return views.sort(
    (a, b) =>
      a.dates.receivedOn.localeCompare(b.dates.receivedOn) ||
      (a.agreementId < b.agreementId ? -1 : a.agreementId > b.agreementId ? 1 : 0),
  );
}

/**
 * The register on the three clocks: the agreements whose application was received by `decidedBy`
 * and recorded by `recordedBy`, each as the facts dated by `decidedBy` and recorded by
 * `recordedBy` made it, and whether it is in force on `inForceOn`. Ordered by the date the
 * application was received, then agreement id.
 * @throws {RangeError} for bad clocks.
 */
export function readRegister(state: FactLogState, clocks: Clocks = {}): RegisterRow[] {
  const checked = checkClocks(clocks);
  return viewsOf(state, checked).map((view) => ({
    ...view,
    inForce: checked.inForceOn === null ? null : inForceOn(view, checked.inForceOn),
  }));
}
