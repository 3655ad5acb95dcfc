import { describe, expect, it } from "vitest";
import { IntegrityError } from "../errors/index.js";
import { generateCheckpointKeys, signCheckpoint, verifierKeyOf, verifyCheckpoint } from "./checkpoint.js";
import { leafHash, rootOf } from "./merkle.js";

const origin = "iop.example/järva-stadsdelsförvaltning";
const rootHash = rootOf([leafHash(Buffer.from("Granted 324000"))]);

describe("signed checkpoints", () => {
  const keys = generateCheckpointKeys(origin);

  it("round-trip: a checkpoint signed with the signer key verifies with the verifier key", () => {
    const note = signCheckpoint({ origin, size: 1, rootHash }, keys.signerKey);
    expect(note).toMatch(
      /^iop\.example\/järva-stadsdelsförvaltning\n1\n[A-Za-z0-9+/]{43}=\n\n\u2014 iop\.example\/järva-stadsdelsförvaltning [A-Za-z0-9+/=]+\n$/,
    );
    expect(verifyCheckpoint(note, keys.verifierKey)).toEqual({ origin, size: 1, rootHash });
  });

  it.each([
    ["a changed size", (note: string) => note.replace("\n1\n", "\n2\n")],
    [
      "a changed root",
      (note: string) =>
        note.replace(
          /\n([A-Za-z0-9+/]{43}=)\n/,
          (_m, r: string) => `\n${r.startsWith("A") ? "B" : "A"}${r.slice(1)}\n`,
        ),
    ],
    ["a changed origin", (note: string) => note.replace("järva", "jarva")],
    ["no signature", (note: string) => note.slice(0, note.indexOf("\n\n") + 2)],
    ["a truncated note", (note: string) => note.slice(0, 20)],
  ])("refuses %s with an IntegrityError", (_label, edit) => {
    const note = signCheckpoint({ origin, size: 1, rootHash }, keys.signerKey);
    expect(() => verifyCheckpoint(edit(note), keys.verifierKey)).toThrow(IntegrityError);
  });

  it("refuses a checkpoint signed by another key of the same name (20 fresh keys)", () => {
    for (let i = 0; i < 20; i++) {
      const other = generateCheckpointKeys(origin);
      const note = signCheckpoint({ origin, size: 1, rootHash }, other.signerKey);
      expect(verifyCheckpoint(note, other.verifierKey).size).toBe(1);
      expect(() => verifyCheckpoint(note, keys.verifierKey)).toThrow(/not signed by/);
    }
  });

  it("refuses malformed keys by what is wrong", () => {
    expect(() => generateCheckpointKeys("two words")).toThrow(IntegrityError);
    expect(() => signCheckpoint({ origin, size: 1, rootHash }, keys.verifierKey)).toThrow(/not a signer key/);
    expect(() => verifyCheckpoint("x\n\n", "name+zz+AA==")).toThrow(IntegrityError);
  });

  it("gives the verifier key of a signer key, and refuses what is not one", () => {
    const keys = generateCheckpointKeys("revisionen.stockholm.se");
    expect(verifierKeyOf(keys.signerKey)).toBe(keys.verifierKey);
    expect(() => verifierKeyOf(keys.verifierKey)).toThrow(/not a signer key/);
  });
});
