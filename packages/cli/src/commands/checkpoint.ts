import { writeFile } from "node:fs/promises";
import { type EventStore, signCheckpoint, verifierKeyOf, verifyCheckpoint, verifyStore } from "@iop/core";
import { readInput } from "../io/read-input.js";
import { type Output, UsageError } from "../output.js";

/** The name a signed-note signer key carries: `PRIVATE+KEY+<name>+<hash>+<key>`. */
function keyName(signerKey: string): string {
  const [, , name] = signerKey.split("+");
  if (!signerKey.startsWith("PRIVATE+KEY+") || name === undefined || name === "")
    throw new UsageError("--key must be a signer key file written by iop keygen (PRIVATE+KEY+…)");
  return name;
}

/**
 * Verifies the store and signs a checkpoint of it (C2SP tlog-checkpoint, Ed25519) for the auditor
 * to keep outside the store. A store with findings gets no checkpoint: signing it would vouch
 * for what verify refuses. With `previous`, the store must also still hold the tree of the last
 * checkpoint signed with this key — so a history rewritten with every hash recomputed is not
 * signed again as it stands.
 */
export async function checkpointCommand(
  store: EventStore,
  request: {
    readonly keyFile: string;
    readonly previous?: string;
    readonly origin?: string;
    readonly out?: string;
  },
  io: Output,
): Promise<number> {
  const signerKey = (await readInput(request.keyFile, "the signer key")).trim();
  const origin = request.origin ?? keyName(signerKey);
  const previous =
    request.previous === undefined
      ? undefined
      : verifyCheckpoint(
          await readInput(request.previous, "the previous checkpoint"),
          verifierKeyOf(signerKey),
        );
  const report = await verifyStore(store, {
    ...(previous === undefined ? {} : { checkpoint: previous }),
    onProgress: (events) => io.progress?.(`checking: ${events.toLocaleString("sv-SE")} events read`),
  });
  io.progress?.(undefined);
  if (report.findings.length > 0) {
    io.err(
      `✗ the store has ${report.findings.length} findings: no checkpoint signed (run iop verify to see them)`,
    );
    return 1;
  }
  const note = signCheckpoint(
    { origin, size: report.size, rootHash: Buffer.from(report.rootHash, "hex") },
    signerKey,
  );
  if (request.out === undefined) io.out(note.trimEnd());
  else {
    await writeFile(request.out, note);
    io.out(`checkpoint of ${report.size} events written to ${request.out}`);
  }
  return 0;
}
