import pg from "pg";
import { describe, expect, it } from "vitest";
import { classifyPostgresError, isPoolEnded } from "./classify.js";

/** An error as node-postgres raises it for an ErrorResponse of the server. */
function serverError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, "error");
  error.code = code;
  return error;
}

/** An error as Node raises it for a socket. */
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe("classifyPostgresError", () => {
  it.each([
    ["08006", "connection_failure", "unavailable"],
    ["08001", "sqlclient_unable_to_establish_sqlconnection", "unavailable"],
    ["57P01", "terminating connection due to administrator command", "unavailable"],
    ["57P02", "terminating connection due to crash of another server process", "unavailable"],
    ["57P03", "the database system is starting up", "unavailable"],
    ["53300", "too many connections for role", "unavailable"],
    ["53100", 'could not extend file "base/1/2": No space left on device', "full"],
    ["25006", "cannot execute INSERT in a read-only transaction", "read-only"],
    ["3D000", 'database "nope" does not exist', "not-found"],
    ["28P01", 'password authentication failed for user "x"', "access-denied"],
    ["28000", 'no pg_hba.conf entry for host "10.0.0.1"', "access-denied"],
    ["42501", "permission denied for database iop", "access-denied"],
    ["42939", 'unacceptable schema name "pg_x"', "misconfigured"],
  ])("SQLSTATE %s (%s) is %s, with the code in the detail", (code, message, kind) => {
    expect(classifyPostgresError(serverError(code, message))).toEqual({ kind, detail: `${code} ${message}` });
  });

  it.each(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"])(
    "socket error %s is unavailable",
    (code) => {
      expect(classifyPostgresError(socketError(code))).toEqual({
        kind: "unavailable",
        detail: `connect ${code} 127.0.0.1:5432`,
      });
    },
  );

  it.each([
    "Connection terminated unexpectedly",
    "Connection terminated due to connection timeout",
    "timeout exceeded when trying to connect",
    "Client has encountered a connection error and is not queryable",
  ])("node-postgres's %j is unavailable", (message) => {
    expect(classifyPostgresError(new Error(message))).toEqual({ kind: "unavailable", detail: message });
  });

  it("looks inside an AggregateError (localhost tried over IPv6 and IPv4)", () => {
    const error = new AggregateError([new Error("odd"), socketError("ECONNREFUSED")], "");
    expect(classifyPostgresError(error)).toMatchObject({ kind: "unavailable" });
    expect(classifyPostgresError(new AggregateError([new Error("odd")], ""))).toBeUndefined();
  });

  it("leaves what the port has no name for to the core (StoreDriverError)", () => {
    for (const error of [
      serverError("23505", "duplicate key value violates unique constraint"),
      serverError("42P01", 'relation "iop.events" does not exist'),
      serverError("0800", "not a class 08 code"),
      new Error("Cannot use a pool after calling end on the pool"),
      new TypeError("x is not a function"),
      "a string",
      null,
      undefined,
      42,
    ])
      expect(classifyPostgresError(error)).toBeUndefined();
  });
});

describe("isPoolEnded", () => {
  it("recognises the error of an ended pool only", () => {
    expect(isPoolEnded(new Error("Cannot use a pool after calling end on the pool"))).toBe(true);
    expect(isPoolEnded(new Error("Connection terminated"))).toBe(false);
    expect(isPoolEnded("Cannot use a pool after calling end on the pool")).toBe(false);
  });
});
