import {
  type AgreementState,
  type Checkpoint,
  type EventProblem,
  type EventStore,
  type RecordedEvent,
  type VerifyFinding,
  verifyCheckpoint,
  verifyStore,
} from "@iop/core";
import { readInput } from "../io/read-input.js";
import type { Output } from "../output.js";

/** What `iop verify` is asked to check besides the store itself. */
export interface VerifyRequest {
  readonly json: boolean;
  /** A kept checkpoint and the verifier key it must be signed with. */
  readonly checkpoint?: { readonly file: string; readonly keyFile: string };
  /** Re-runs rules on every event as of its decision date. */
  readonly checkEvent?: (event: RecordedEvent, before: AgreementState) => Promise<readonly EventProblem[]>;
}

/** Reads a signed checkpoint and checks its signature: an untrustworthy one is refused (exit 1). */
export async function readCheckpoint(file: string, keyFile: string): Promise<Checkpoint> {
  const [note, key] = await Promise.all([
    readInput(file, "the checkpoint"),
    readInput(keyFile, "the verifier key"),
  ]);
  return verifyCheckpoint(note, key.trim());
}

function describe(finding: VerifyFinding): string {
  const where =
    finding.streamId === undefined
      ? "store"
      : `${finding.streamId}@${finding.streamVersion} (position ${finding.globalPosition})`;
  return `✗ ${where} ${finding.kind}${finding.code === undefined ? "" : ` ${finding.code}`}: ${finding.message}`;
}

/**
 * Checks the whole store as an auditor would (see `verifyStore`): hashes and chains, versions
 * and order, decoding, the lifecycle, rules when asked, and a kept checkpoint when given. Each
 * finding is one line on standard error (or the whole report as JSON on standard output), with
 * a progress line on a terminal. Exit 1 on any finding.
 */
export async function verifyCommand(store: EventStore, request: VerifyRequest, io: Output): Promise<number> {
  const checkpoint =
    request.checkpoint === undefined
      ? undefined
      : await readCheckpoint(request.checkpoint.file, request.checkpoint.keyFile);
  const report = await verifyStore(store, {
    ...(checkpoint === undefined ? {} : { checkpoint }),
    ...(request.checkEvent === undefined ? {} : { checkEvent: request.checkEvent }),
    onFinding: (finding) => {
      if (!request.json) {
        io.progress?.(undefined);
        io.err(describe(finding));
      }
    },
    onProgress: (events) => io.progress?.(`verifying: ${events.toLocaleString("sv-SE")} events read`),
  });
  io.progress?.(undefined);
  const { findings } = report;
  if (request.json) {
    io.out(
      JSON.stringify({
        ...report,
        checkpoint: checkpoint === undefined ? null : { origin: checkpoint.origin, size: checkpoint.size },
      }),
    );
  } else {
    const against =
      checkpoint === undefined
        ? ""
        : `, checked against the checkpoint of ${checkpoint.origin} at ${checkpoint.size} events`;
    io.out(
      `${report.events} events read, ${report.agreements} agreements verified${against}: ${findings.length === 0 ? "no findings" : `${findings.length} finding${findings.length === 1 ? "" : "s"}`}.`,
    );
    io.out(`root ${report.rootHash} over ${report.size} events`);
  }
  return findings.length === 0 ? 0 : 1;
}
