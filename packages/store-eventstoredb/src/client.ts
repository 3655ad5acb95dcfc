/*
 * The part of a gRPC client the driver uses, as shapes that an `EventStoreDBClient` of
 * `@eventstore/db-client` 6.x and a `KurrentDBClient` of `@kurrent/kurrentdb-client` 1.x both
 * have, so the driver imports neither package (see `client-selection.ts` for the one place that
 * does). Both spell the expected-revision modes, directions and read starts with the same
 * strings (`"any"`, `"no_stream"`, `"forwards"`, `"end"`…).
 */

/** A position in the transaction log (`$all`). */
export interface EsdbPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** An append's expected revision: `expectedRevision` in one client, `streamState` in the other. */
export type EsdbExpectedRevision = "any" | "no_stream" | "stream_exists" | bigint;

/** A stream's current revision as a client reports it: `"no_stream"` when it does not exist. */
export type EsdbCurrentRevision = "no_stream" | bigint;

/** An event as a client hands it over for appending (what the clients' `jsonEvent` makes). */
export interface EsdbJsonEventData {
  readonly id: string;
  readonly contentType: "application/json";
  readonly type: string;
  readonly data: { readonly [key: string]: unknown };
  readonly metadata: { readonly [key: string]: unknown };
}

/** A stored event as a client reads it, with data and metadata parsed when they are JSON. */
export interface EsdbRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  /** Parsed JSON; the raw text when the client could not parse it; bytes for binary events. */
  readonly data: unknown;
  /** Parsed JSON, or bytes when it is not JSON, or `undefined` when empty. */
  readonly metadata: unknown;
  readonly created: Date;
  /** Only from servers 22.6 and later on stream reads. */
  readonly position?: EsdbPosition | undefined;
}

/** One entry of a read: an event (or a link and the event it points to). */
export interface EsdbResolvedEvent {
  readonly event?: EsdbRecordedEvent | undefined;
  readonly commitPosition?: bigint | undefined;
}

/**
 * A streaming read. `@eventstore/db-client` returns a Node.js stream with `cancel()`, which ends
 * the gRPC call; `@kurrent/kurrentdb-client` an async iterator, which leaving a loop ends.
 */
export type EsdbRead = AsyncIterable<EsdbResolvedEvent> & { cancel?(): Promise<void> };

/** The result of an append. `success` is `false` only with `throwOnAppendFailure: false`. */
export interface EsdbAppendResult {
  readonly success: boolean;
  readonly nextExpectedRevision: bigint;
  readonly position?: EsdbPosition | undefined;
}

/**
 * What the driver needs of a client: appends and reads of streams and `$all`, and `dispose`.
 * Clients of `@eventstore/db-client` 6.x and `@kurrent/kurrentdb-client` 1.x satisfy it.
 */
export interface EventStoreDbClientLike {
  appendToStream(
    streamName: string,
    events: EsdbJsonEventData[],
    options: {
      /** `@eventstore/db-client` reads this one… */
      readonly expectedRevision: EsdbExpectedRevision;
      /** …and `@kurrent/kurrentdb-client` this one; each ignores the other. */
      readonly streamState: EsdbExpectedRevision;
    },
  ): Promise<EsdbAppendResult>;
  readStream(
    streamName: string,
    options: {
      readonly direction: "forwards" | "backwards";
      readonly fromRevision: "start" | "end" | bigint;
      readonly maxCount: number;
      readonly resolveLinkTos: false;
    },
  ): EsdbRead;
  readAll(options: {
    readonly direction: "forwards";
    readonly fromPosition: "start" | EsdbPosition;
    readonly resolveLinkTos: false;
  }): EsdbRead;
  dispose(): Promise<void>;
}
