import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleRootBuilder,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from "./merkle.js";

// The leaves of Certificate Transparency's reference tests (RFC 6962's reference implementation).
const CT_LEAVES = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
];
const CT_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const ctLeafHashes = CT_LEAVES.map((hex) => leafHash(Buffer.from(hex, "hex")));

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event ${i}`)));

describe("RFC 6962 Merkle tree", () => {
  it("gives the reference roots of Certificate Transparency's test leaves", () => {
    expect(rootOf([]).toString("hex")).toBe(EMPTY_ROOT.toString("hex"));
    CT_ROOTS.forEach((root, i) => {
      expect(rootOf(ctLeafHashes.slice(0, i + 1)).toString("hex")).toBe(root);
    });
  });

  it("builds the same root leaf by leaf, in logarithmic memory", () => {
    const builder = new MerkleRootBuilder();
    expect(builder.root()).toEqual(EMPTY_ROOT);
    const leaves = leavesOf(300);
    leaves.forEach((leaf, i) => {
      builder.addLeafHash(leaf);
      if (i % 37 === 0 || i === leaves.length - 1)
        expect(builder.root()).toEqual(rootOf(leaves.slice(0, i + 1)));
    });
    expect(builder.size).toBe(300);
  });

  it("proves every leaf of every tree up to 40 leaves, and refuses a proof of any other leaf", () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = leavesOf(n);
      const root = rootOf(leaves);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(leaves, m);
        expect(verifyInclusion(leaves[m] as Buffer, m, n, proof, root)).toBe(true);
        expect(verifyInclusion(leaves[(m + 1) % n] as Buffer, m, n, proof, root)).toBe(n === 1);
        if (n > 1) expect(verifyInclusion(leaves[m] as Buffer, (m + 1) % n, n, proof, root)).toBe(false);
      }
    }
  });

  it("proves every prefix of every tree up to 40 leaves consistent, and refuses a forged old root", () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = leavesOf(n);
      const root = rootOf(leaves);
      for (let m = 1; m <= n; m++) {
        const oldRoot = rootOf(leaves.slice(0, m));
        const proof = consistencyProof(leaves, m);
        expect(verifyConsistency(m, n, oldRoot, root, proof)).toBe(true);
        const forged = Buffer.from(oldRoot);
        forged[0] = (forged[0] as number) ^ 1;
        expect(verifyConsistency(m, n, forged, root, proof)).toBe(false);
      }
    }
  });

  it("refuses a proof with any one byte changed, a root of a changed tree, or a history rewritten", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 70 }), fc.nat(), fc.nat(), fc.nat(31), (n, a, b, byte) => {
        const leaves = leavesOf(n);
        const m = a % n;
        const root = rootOf(leaves);
        const proof = inclusionProof(leaves, m);
        if (proof.length > 0) {
          const bent = proof.map((p) => Buffer.from(p));
          const which = b % bent.length;
          (bent[which] as Buffer)[byte] = ((bent[which] as Buffer)[byte] as number) ^ 0x80;
          expect(verifyInclusion(leaves[m] as Buffer, m, n, bent, root)).toBe(false);
        }
        // An edited leaf changes the root; an old checkpoint no longer proves consistent.
        const edited = [...leaves];
        edited[b % n] = leafHash(Buffer.from("forged"));
        const oldSize = 1 + (b % n);
        expect(
          verifyConsistency(
            oldSize,
            n,
            rootOf(leaves.slice(0, oldSize)),
            rootOf(edited),
            consistencyProof(edited, oldSize),
          ),
        ).toBe(false);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
