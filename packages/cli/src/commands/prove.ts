import { writeFile } from "node:fs/promises";
import { checkProof, type EventStore, proveConsistency, proveInclusion } from "@iop/core";
import { readInput } from "../io/read-input.js";
import { type Output, UsageError } from "../output.js";

/** What `iop prove` is asked for: one event's inclusion, or two checkpoints' consistency. */
export type ProveRequest =
  | {
      readonly kind: "inclusion";
      readonly eventId: string;
      readonly checkpoint: string;
      readonly keyFile: string;
      readonly out?: string;
    }
  | {
      readonly kind: "consistency";
      readonly from: string;
      readonly to: string;
      readonly keyFile: string;
      readonly out?: string;
    };

/** Writes a proof document (JSON) that `iop check-proof` — or anyone with the verifier key — checks without the store. */
export async function proveCommand(store: EventStore, request: ProveRequest, io: Output): Promise<number> {
  const key = (await readInput(request.keyFile, "the verifier key")).trim();
  const proof =
    request.kind === "inclusion"
      ? await proveInclusion(
          store,
          await readInput(request.checkpoint, "the checkpoint"),
          key,
          request.eventId,
        )
      : await proveConsistency(
          store,
          await readInput(request.from, "the older checkpoint"),
          await readInput(request.to, "the newer checkpoint"),
          key,
        );
  const text = `${JSON.stringify(proof, null, 2)}\n`;
  if (request.out === undefined) io.out(text.trimEnd());
  else {
    await writeFile(request.out, text);
    io.out(`${request.kind} proof written to ${request.out}`);
  }
  return 0;
}

/** Checks a proof document with the verifier key alone: exit 0 when it holds, 1 (one line why) when not. */
export async function checkProofCommand(file: string, keyFile: string, io: Output): Promise<number> {
  const [text, key] = await Promise.all([
    readInput(file, "the proof"),
    readInput(keyFile, "the verifier key"),
  ]);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON: not a proof written by iop prove`);
  }
  const checked = checkProof(document, key.trim());
  io.out(
    checked.kind === "inclusion"
      ? `✓ ${checked.event.streamId}@${checked.event.streamVersion} (${checked.event.type}, ${checked.event.eventId}) is event ${checked.leafIndex + 1} of the ${checked.checkpoint.size} that ${checked.checkpoint.origin}'s checkpoint signed`
      : `✓ the checkpoint of ${checked.from.size} events is a prefix of the checkpoint of ${checked.to.size}: nothing signed was rewritten`,
  );
  return 0;
}
