import {
  ERASED_VALUE,
  type ErasurePolicy,
  ErasureRefusedError,
  type ErasureRequest,
  forgetPerson,
  organisationPolicy,
  type PersonalDataStore,
  personErasedData,
  publicAuthorityPolicy,
  registerExtract,
  verifyStore,
} from "@iop/core";
import { builtInProjections } from "@iop/projections";
import type { Output } from "../output.js";
import { UsageError } from "../output.js";
import { hasKeyStore } from "../personal-data-view.js";
import { rebuildBuiltTables } from "./project.js";

/** The erasure policies `--policy` can name. */
export const ERASURE_POLICIES = {
  "public-authority": publicAuthorityPolicy,
  organisation: organisationPolicy,
} as const satisfies Record<string, ErasurePolicy>;

/** What `iop forget` was asked, before any store is opened. */
export interface ForgetRequest {
  readonly policy: ErasurePolicy;
  readonly erasure: ErasureRequest;
}

/**
 * Checks a `forget` request and its policy before the store is opened, so a refused erasure
 * changes nothing: the legal basis is the gallringsbeslut `decision` when given, GDPR art. 17
 * otherwise (which the public-authority policy refuses, naming the gallringsbeslut).
 * @throws {UsageError} for an unknown or missing policy, or a missing who.
 * @throws {ErasureRefusedError} when the policy refuses the request.
 */
export function planForget(options: {
  readonly personId: string;
  readonly policy: string | undefined;
  readonly decision: string | undefined;
  readonly requestedBy: string | undefined;
  readonly performedBy: string | undefined;
}): ForgetRequest {
  const names = Object.keys(ERASURE_POLICIES).join(" or ");
  if (options.policy === undefined)
    throw new UsageError(
      `forget needs --policy ${names}: whose records these are decides what may be erased`,
    );
  if (!Object.hasOwn(ERASURE_POLICIES, options.policy))
    throw new UsageError(`--policy must be ${names} (got ${options.policy})`);
  if (options.requestedBy === undefined) throw new UsageError("forget needs --requested-by <who asked>");
  if (options.performedBy === undefined) throw new UsageError("forget needs --performed-by <who does it>");
  const policy = ERASURE_POLICIES[options.policy as keyof typeof ERASURE_POLICIES];
  const erasure: ErasureRequest = {
    personId: options.personId,
    requestedBy: options.requestedBy,
    performedBy: options.performedBy,
    legalBasis:
      options.decision === undefined
        ? { kind: "gdpr-article-17" }
        : { kind: "gallringsbeslut", reference: options.decision },
  };
  const parsed = personErasedData.safeParse(erasure);
  // A request that is not well formed is refused by forgetPerson, naming the field.
  if (parsed.success) policy.check(parsed.data);
  return { policy, erasure };
}

const basisOf = (request: ErasureRequest) =>
  request.legalBasis.kind === "gallringsbeslut"
    ? `gallringsbeslut ${request.legalBasis.reference}`
    : "GDPR article 17";

/**
 * Erases a person under a policy (see `forgetPerson`): records the erasure and destroys the key,
 * after deleting the built-in projections' durable snapshots, which may hold the names in clear
 * (they are rebuilt from the events on the next catch-up, with the names erased), and then
 * rebuilding the built-in SQL tables that are built (`iop project`), for the same reason. Then verifies
 * the store and says, in one line, what was erased, in how many events, and that it still
 * verifies. Exit 1 when verify finds anything, or when events written before names were sealed
 * hold the person's name in clear: those the erasure cannot reach.
 */
export async function forgetCommand(
  store: PersonalDataStore,
  request: ForgetRequest,
  io: Output,
): Promise<number> {
  const { personId } = request.erasure;
  if (!hasKeyStore(store))
    throw new ErasureRefusedError(
      personId,
      "this adapter has no key store, so it holds no sealed data to erase",
    );
  const extract = await registerExtract(store.sealed, store.keys, personId);
  const snapshots = extract.entries.length > 0;
  if (snapshots) for (const projection of builtInProjections) await store.projections.delete(projection.name);
  const result = await forgetPerson(store, request.erasure, request.policy);
  // Rebuilt after the key is gone, so the new rows read the names as erased.
  const rebuilt = snapshots ? await rebuildBuiltTables(store) : 0;
  const report = await verifyStore(store.sealed);
  const clear = extract.entries.filter((e) => e.kept === "clear").length;
  const parts = [
    result.recorded
      ? `${personId} forgotten under the ${request.policy.name} policy (${basisOf(request.erasure)}): the key is destroyed`
      : `${personId} was already forgotten${result.destroyed ? "; the key left behind is destroyed now" : ""}`,
    `the personal data in ${extract.entries.length - clear} events reads as ${ERASED_VALUE}`,
    ...(clear > 0 ? [`${clear} events written before names were sealed still hold it in clear`] : []),
    ...(snapshots ? ["the built-in projections' snapshots were deleted (rebuilt on the next catch-up)"] : []),
    ...(rebuilt > 0 ? [`the SQL tables of ${rebuilt} built-in read models were rebuilt without it`] : []),
    report.findings.length === 0
      ? `verify: ${report.events} events, no findings`
      : `verify: ${report.findings.length} findings (run iop verify)`,
  ];
  io.out(`${parts.join("; ")}.`);
  return report.findings.length === 0 && clear === 0 ? 0 : 1;
}
