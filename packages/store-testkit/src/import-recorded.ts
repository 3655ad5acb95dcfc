import {
  ConcurrencyError,
  IntegrityError,
  InvalidStoreInputError,
  type IopStore,
  type RecordedAppend,
  type RecordedEnvelope,
  type StoredEvent,
} from "@iop/core";
import fc from "fast-check";
import { expect, it } from "vitest";
import { appendedAs, expectUnbrokenChain } from "./chain-checks.js";
import type { EventStoreHarness } from "./harness.js";
import { asRecorded, recorded, thrownBy } from "./recorded-events.js";
import { sampleEvent, sampleEvents, uniqueStreamId } from "./sample-events.js";

/** One stream's recorded events, whole. */
interface RecordedStream {
  readonly id: string;
  readonly events: readonly RecordedEnvelope[];
}

/**
 * The streams' events dealt out in the order `picks` names the streams (each index as often as
 * its stream has events), consecutive events of one stream in one append, cut into chunks after
 * the picks `cuts` marks.
 */
function dealt(
  streams: readonly RecordedStream[],
  picks: readonly number[],
  cuts: readonly boolean[] = [],
): RecordedAppend[][] {
  const next = streams.map(() => 0);
  const chunks: { streamId: string; events: RecordedEnvelope[] }[][] = [[]];
  picks.forEach((pick, i) => {
    const stream = streams[pick] as RecordedStream;
    const index = next[pick] ?? 0;
    next[pick] = index + 1;
    const event = stream.events[index] as RecordedEnvelope;
    const chunk = chunks.at(-1) as { streamId: string; events: RecordedEnvelope[] }[];
    const run = chunk.at(-1);
    if (run?.streamId === stream.id) run.events.push(event);
    else chunk.push({ streamId: stream.id, events: [event] });
    if (cuts[i] === true && i < picks.length - 1) chunks.push([]);
  });
  return chunks;
}

/** The streams' events as stored, in global order. */
async function storedInOrder(store: IopStore, streamIds: readonly string[]): Promise<StoredEvent[]> {
  const events = (await Promise.all(streamIds.map((id) => store.readStream(id)))).flat();
  return events.sort((a, b) => a.globalPosition - b.globalPosition);
}

/** A new stream's `count` events recorded elsewhere, numbered from `from`. */
function newStream(label: string, count: number, from = 0): RecordedStream {
  const id = uniqueStreamId(label);
  return { id, events: recorded(id, sampleEvents(count, from)) };
}

/** The id of a stream's event at `index`, which the test built. */
const idAt = (stream: RecordedStream, index: number): string =>
  (stream.events[index] as RecordedEnvelope).eventId;

/** A stream of two events appended the ordinary way, recorded as its events were read. */
async function heldStream(store: IopStore): Promise<RecordedStream> {
  const id = uniqueStreamId("chunk-held");
  await store.append(id, sampleEvents(2), { expectedVersion: "no-stream" });
  return { id, events: (await store.readStream(id)).map(asRecorded) };
}

/**
 * `importRecorded`: a chunk of recorded events over many streams is written as per-stream
 * `appendRecorded` would write it, in the order given, and a chunk with one bad event writes
 * nothing of itself. `uniqueEventIds` and `reportsAppendedEvents` as in `ConformanceOptions`.
 */
export function importRecordedTests(
  harness: () => EventStoreHarness,
  options: { readonly uniqueEventIds: boolean; readonly reportsAppendedEvents: boolean },
  numRuns: number,
): void {
  it("writes a chunk over several streams as recorded, in the order given, onto streams that exist", async () => {
    const { store } = harness();
    const held = await heldStream(store);
    const [, second] = held.events as [RecordedEnvelope, RecordedEnvelope];
    const more = recorded(held.id, sampleEvents(3, 10), { version: 2, hash: second.hash });
    const [b, c] = [newStream("chunk-b", 2, 20), newStream("chunk-c", 2, 30)];
    const chunk: RecordedAppend[] = [
      { streamId: held.id, events: more.slice(0, 2) },
      { streamId: b.id, events: b.events.slice(0, 1) },
      { streamId: c.id, events: c.events },
      { streamId: held.id, events: more.slice(2) },
      { streamId: b.id, events: b.events.slice(1) },
    ];

    const results = await store.importRecorded(chunk);

    expect(results.map((r) => r.streamVersion)).toEqual([4, 1, 2, 5, 2]);
    const given = chunk.flatMap((append) => append.events);
    const stored = await storedInOrder(store, [held.id, b.id, c.id]);
    // The held stream's first two events, then the chunk's events exactly as given, in its order.
    expect(stored.slice(2).map(asRecorded)).toEqual(given);
    expect(stored.slice(2).map((e) => e.streamId)).toEqual(
      chunk.flatMap((append) => append.events.map(() => append.streamId)),
    );
    if (options.reportsAppendedEvents)
      expect(results.flatMap((r) => r.events ?? [])).toEqual(stored.slice(2).map(appendedAs));
    for (const id of [held.id, b.id, c.id]) expectUnbrokenChain(await store.readStream(id));
    // The stream goes on from where the chunk left it.
    await store.append(held.id, sampleEvents(1, 30), { expectedVersion: 5 });
    expectUnbrokenChain(await store.readStream(held.id));
  });

  /** A chunk of two new streams `x` and `y` and a held one, spoilt by `spoil`. */
  type Spoil = (x: RecordedStream, y: RecordedStream, held: RecordedStream) => RecordedAppend[];
  /** The error's class and fields that name what was wrong, given the streams' ids. */
  type Wanted = (x: string, y: string, held: string) => [new (...args: never[]) => Error, object];
  const naming = (id: string): [typeof IntegrityError, object] => [
    IntegrityError,
    { code: "INTEGRITY_CHECK_FAILED", message: expect.stringContaining(id) },
  ];
  const refusals: [string, Spoil, Wanted][] = [
    [
      "an event that does not chain onto its stored stream",
      (x, _y, held) => [
        { streamId: x.id, events: x.events },
        {
          streamId: held.id,
          events: recorded(held.id, sampleEvents(1), { version: 2, hash: held.events[0]?.hash ?? "" }),
        },
      ],
      (_x, _y, held) => naming(held),
    ],
    [
      "an event that does not chain onto the chunk's event before it",
      (x, y) => [
        { streamId: x.id, events: x.events.slice(0, 1) },
        { streamId: y.id, events: y.events },
        { streamId: x.id, events: recorded(x.id, sampleEvents(1), { version: 1, hash: "c".repeat(64) }) },
      ],
      (x) => naming(x),
    ],
    [
      "an event whose data changed after it was recorded",
      (x, y) => [
        { streamId: x.id, events: x.events },
        { streamId: y.id, events: [{ ...(y.events[0] as RecordedEnvelope), data: { summary: "ändrad" } }] },
      ],
      (_x, y) => naming(y),
    ],
    [
      "a stored stream's events past its end",
      (x, _y, held) => [
        { streamId: x.id, events: x.events },
        {
          streamId: held.id,
          events: recorded(held.id, sampleEvents(1), { version: 3, hash: "d".repeat(64) }),
        },
      ],
      (_x, _y, held) => [ConcurrencyError, { streamId: held, expected: 3, actual: 2 }],
    ],
    [
      "a stored stream taken as new, last in the chunk",
      (x, y, held) => [
        { streamId: x.id, events: x.events },
        { streamId: y.id, events: y.events },
        { streamId: held.id, events: recorded(held.id, sampleEvents(1)) },
      ],
      (_x, _y, held) => [ConcurrencyError, { streamId: held, expected: 0, actual: 2 }],
    ],
    [
      "a gap in a stream within the chunk",
      (x, y) => [
        { streamId: x.id, events: x.events.slice(0, 1) },
        { streamId: y.id, events: y.events },
        {
          streamId: x.id,
          events: recorded(x.id, sampleEvents(1), { version: 2, hash: x.events[1]?.hash ?? "" }),
        },
      ],
      (x) => [ConcurrencyError, { streamId: x, expected: 2, actual: 1 }],
    ],
    [
      "an event id twice in the chunk",
      (x, y) => {
        const [again] = recorded(y.id, [{ ...sampleEvent(1), eventId: idAt(x, 1) }]);
        return [
          { streamId: x.id, events: x.events },
          { streamId: y.id, events: [again as RecordedEnvelope] },
        ];
      },
      () => [InvalidStoreInputError, { field: "appends[1].events[0].eventId" }],
    ],
  ];
  if (options.uniqueEventIds)
    refusals.push([
      "an event id a stored event has",
      (x, y, held) => [
        { streamId: x.id, events: x.events },
        {
          streamId: y.id,
          events: recorded(y.id, [sampleEvent(1), { ...sampleEvent(2), eventId: idAt(held, 0) }]),
        },
      ],
      () => [InvalidStoreInputError, { field: "appends[1].events[1].eventId" }],
    ]);

  // A second client, which knows no stream's head: a stored stream taken as new reaches the driver.
  let second: IopStore | undefined;
  it.each(refusals)(
    "refuses a chunk with %s, naming it, and writes nothing of the chunk",
    async (_l, spoil, want) => {
      const held = await heldStream(harness().store);
      second ??= await harness().connectAnother();
      const store = second;
      const [x, y] = [newStream("chunk-x", 2), newStream("chunk-y", 2, 10)];

      const error = await thrownBy(store.importRecorded(spoil(x, y, held)));

      const [type, fields] = want(x.id, y.id, held.id);
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject(fields);
      expect(await store.readStream(x.id)).toEqual([]);
      expect(await store.readStream(y.id)).toEqual([]);
      expect((await store.readStream(held.id)).map(asRecorded)).toEqual(held.events);
      // The chunk without its bad part is taken.
      await store.importRecorded([
        { streamId: x.id, events: x.events },
        { streamId: y.id, events: y.events },
      ]);
      for (const id of [x.id, y.id]) expectUnbrokenChain(await store.readStream(id));
    },
  );

  it(`a chunked import of random interleavings is per-stream appendRecorded (${numRuns} runs)`, async () => {
    const { store } = harness();
    const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((counts) => {
      const picks = counts.flatMap((count, stream) => Array.from({ length: count }, () => stream));
      return fc.record({
        counts: fc.constant(counts),
        picks: fc.shuffledSubarray(picks, { minLength: picks.length, maxLength: picks.length }),
        cuts: fc.array(fc.boolean(), { minLength: picks.length, maxLength: picks.length }),
        held: fc.boolean(),
      });
    });
    await fc.assert(
      fc.asyncProperty(shape, async ({ counts, picks, cuts, held }) => {
        // The same events twice, under stream ids (and event ids) of their own: once chunked,
        // once appended run by run; the first stream is stored already when `held`.
        const copy = (label: string) =>
          Promise.all(
            counts.map(async (count, s): Promise<RecordedStream> => {
              const id = uniqueStreamId(`${label}-${s}`);
              if (s > 0 || !held) return { id, events: recorded(id, sampleEvents(count, s * 10)) };
              await store.append(id, sampleEvents(1, 99), { expectedVersion: "no-stream" });
              const [head] = (await store.readStream(id)) as [StoredEvent];
              return {
                id,
                events: recorded(id, sampleEvents(count, s * 10), { version: 1, hash: head.hash }),
              };
            }),
          );
        const chunked = await copy("chunked");
        const perStream = await copy("per-stream");
        const chunkResults = [];
        for (const chunk of dealt(chunked, picks, cuts))
          chunkResults.push(...(await store.importRecorded(chunk)));
        const appendResults = [];
        for (const append of dealt(perStream, picks, cuts).flat())
          appendResults.push(await store.appendRecorded(append.streamId, append.events));

        expect(chunkResults.map((r) => r.streamVersion)).toEqual(appendResults.map((r) => r.streamVersion));
        const [a, b] = await Promise.all(
          [chunked, perStream].map((streams) =>
            storedInOrder(
              store,
              streams.map((s) => s.id),
            ),
          ),
        );
        // The imported events only: a held stream's first was stamped now, on each copy apart.
        const shapeOf = (events: StoredEvent[], streams: readonly RecordedStream[]) =>
          events.slice(held ? 1 : 0).map((e) => ({
            stream: streams.findIndex((s) => s.id === e.streamId),
            version: e.streamVersion,
            recordedAt: e.recordedAt,
            data: e.data,
          }));
        expect(shapeOf(a as StoredEvent[], chunked)).toEqual(shapeOf(b as StoredEvent[], perStream));
        for (const streams of [chunked, perStream])
          for (const { id, events } of streams)
            expect(
              (await store.readStream(id)).slice(held && id === streams[0]?.id ? 1 : 0).map(asRecorded),
            ).toEqual(events);
      }),
      { numRuns },
    );
  });
}
