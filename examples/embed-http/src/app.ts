import {
  AgreementCommandHandler,
  type Command,
  type CommandValidator,
  type EventStore,
  hasErrorCode,
  isCommandType,
  isDomainError,
  isIopError,
} from "@iop/core";
import { type Clocks, readRegister, registerProjection, runLive } from "@iop/projections";
import { createValidator, stockholmRules, storeAgreementLookup } from "@iop/rules";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { etagOf, noneMatchHits, parseIfMatch } from "./etag.js";
import { pinnedTo } from "./pinned-store.js";
import { commandsByRole, type Principal, type TokenTable } from "./roles.js";

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Where agreements are kept; wrap it in `protectPersonalData` so names are sealed at rest. */
  readonly store: EventStore;
  /** Bearer tokens and the callers they stand for. */
  readonly tokens: TokenTable;
  /** Checks commands before they are recorded (default: Stockholm's rules over `store`). */
  readonly validator?: CommandValidator;
}

type Env = { Variables: { principal: Principal } };

/** The error body of every refusal: a stable code and a sentence. */
function refuse(c: Context, status: ContentfulStatusCode, error: string, message: string, details?: unknown) {
  return c.json({ error, message, ...(details === undefined ? {} : { details }) }, status);
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * The HTTP service over one store: commands as `POST /agreements/:id/commands`, read models as
 * GET, the stream version as a strong ETag and `If-Match` as the expected version. See the
 * README for the API table.
 */
export function createApp({ store, tokens, validator: given }: AppOptions): Hono<Env> {
  const validator =
    given ?? createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
  const reader = new AgreementCommandHandler({ store });
  const app = new Hono<Env>();

  app.use("*", async (c, next) => {
    const token = BEARER.exec(c.req.header("Authorization") ?? "")?.[1];
    const principal = token !== undefined && Object.hasOwn(tokens, token) ? tokens[token] : undefined;
    if (principal === undefined) {
      c.header("WWW-Authenticate", 'Bearer realm="iop"');
      return refuse(c, 401, "UNAUTHENTICATED", "send Authorization: Bearer <token> with a known token");
    }
    c.set("principal", principal);
    await next();
  });

  app.post("/agreements/:id/commands", async (c) => {
    const agreementId = c.req.param("id");
    const { actor, role } = c.get("principal");
    if (role === "auditor") return refuse(c, 403, "FORBIDDEN", "auditors may only read");
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return refuse(c, 400, "INVALID_JSON", "the body must be JSON: { type, data, context? }");
    }
    const {
      type,
      data,
      context = {},
    } = (body ?? {}) as { type?: unknown; data?: unknown; context?: unknown };
    if (typeof body !== "object" || body === null || typeof context !== "object" || context === null)
      return refuse(
        c,
        400,
        "INVALID_BODY",
        "the body must be { type, data, context? } with context an object",
      );
    if (isCommandType(type) && !commandsByRole[role].has(type))
      return refuse(c, 403, "FORBIDDEN", `a ${role} may not send ${type}`);

    const ifMatch = c.req.header("If-Match");
    if (ifMatch === undefined)
      return refuse(c, 428, "PRECONDITION_REQUIRED", 'send If-Match: "<version>" ("0" for a new agreement)');
    const accepted = parseIfMatch(ifMatch);
    if (accepted === undefined)
      return refuse(c, 400, "INVALID_IF_MATCH", 'If-Match must be strong entity tags such as "3"');

    // The caller's own context, with the actor taken from the token, not from the body.
    const handler = new AgreementCommandHandler({
      store: pinnedTo(store, accepted),
      validator,
      maxRetries: 0,
    });
    try {
      const result = await handler.handle(agreementId, { type, data } as Command, { ...context, actor });
      c.header("ETag", etagOf(result.state.version));
      return c.json(
        { agreementId, events: result.events, warnings: result.warnings, duplicate: result.duplicate },
        result.duplicate ? 200 : 201,
      );
    } catch (error) {
      if (!hasErrorCode(error, "CONCURRENCY_CONFLICT")) throw error;
      const { state } = await reader.load(agreementId);
      c.header("ETag", etagOf(state.version));
      return refuse(c, 412, "PRECONDITION_FAILED", `the agreement is at version ${state.version}`);
    }
  });

  app.get("/agreements/:id", async (c) => {
    const agreementId = c.req.param("id");
    const { state } = await reader.load(agreementId);
    if (state.version === 0) return refuse(c, 404, "NOT_FOUND", `no agreement ${agreementId}`);
    c.header("ETag", etagOf(state.version));
    if (noneMatchHits(c.req.header("If-None-Match") ?? "", state.version)) return c.body(null, 304);
    return c.json({ agreementId, state });
  });

  app.get("/agreements/:id/history", async (c) => {
    const agreementId = c.req.param("id");
    const { state, events } = await reader.load(agreementId);
    if (state.version === 0) return refuse(c, 404, "NOT_FOUND", `no agreement ${agreementId}`);
    c.header("ETag", etagOf(state.version));
    if (noneMatchHits(c.req.header("If-None-Match") ?? "", state.version)) return c.body(null, 304);
    return c.json({ agreementId, events });
  });

  app.get("/register", async (c) => {
    const inForceOn = c.req.query("inForceOn");
    const decidedBy = c.req.query("decidedBy");
    const recordedBy = c.req.query("recordedBy");
    const clocks: Clocks = {
      ...(inForceOn === undefined ? {} : { inForceOn }),
      ...(decidedBy === undefined ? {} : { decidedBy }),
      ...(recordedBy === undefined ? {} : { recordedBy }),
    };
    let rows: ReturnType<typeof readRegister>;
    try {
      rows = readRegister(await runLive(registerProjection, store), clocks);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return refuse(c, 400, "INVALID_QUERY", error.message);
    }
    return c.json({
      inForceOn: inForceOn ?? null,
      decidedBy: decidedBy ?? null,
      recordedBy: recordedBy ?? null,
      rows,
    });
  });

  app.notFound((c) => refuse(c, 404, "NOT_FOUND", `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (isDomainError(error)) {
      const details = "issues" in error ? error.issues : "violations" in error ? error.violations : undefined;
      return refuse(c, 422, error.code, error.message, details);
    }
    console.error(error);
    if (isIopError(error))
      return refuse(c, hasErrorCode(error, "STORE_UNAVAILABLE") ? 503 : 500, error.code, error.message);
    return refuse(c, 500, "INTERNAL", "the service failed; see its log");
  });
  return app;
}
