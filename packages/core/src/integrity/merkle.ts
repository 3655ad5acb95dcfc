import { createHash } from "node:crypto";

/**
 * The Merkle tree of RFC 6962 (§2.1), as transparency logs use it: SHA-256, a leaf hashed with
 * the prefix byte 0x00 and an inner node with 0x01, so no leaf can pass for a node. A tree of n
 * leaves splits at the largest power of two below n. Nothing here needs a store: an auditor
 * checks proofs with this module alone.
 */

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT: Buffer = createHash("sha256").digest();

/** The hash of a leaf: SHA-256(0x00 || leaf). */
export function leafHash(leaf: Uint8Array): Buffer {
  return createHash("sha256").update(LEAF).update(leaf).digest();
}

/** The hash of an inner node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash("sha256").update(NODE).update(left).update(right).digest();
}

/** The largest power of two strictly below `n` (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The root of a growing tree, in memory that grows with the logarithm of its size: leaves are
 * added left to right and complete subtrees merged as they fill.
 */
export class MerkleRootBuilder {
  /** Roots of the complete subtrees, largest first, with their sizes. */
  private readonly stack: { size: number; hash: Buffer }[] = [];
  private count = 0;

  /** Adds the leaf whose hash is `hash` (see {@link leafHash}). */
  addLeafHash(hash: Buffer): void {
    let node = { size: 1, hash };
    let top = this.stack.at(-1);
    while (top !== undefined && top.size === node.size) {
      this.stack.pop();
      node = { size: node.size * 2, hash: nodeHash(top.hash, node.hash) };
      top = this.stack.at(-1);
    }
    this.stack.push(node);
    this.count += 1;
  }

  /** Leaves added so far. */
  get size(): number {
    return this.count;
  }

  /** The root of the leaves added so far. */
  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let hash = (this.stack.at(-1) as { hash: Buffer }).hash;
    for (let i = this.stack.length - 2; i >= 0; i--)
      hash = nodeHash((this.stack[i] as { hash: Buffer }).hash, hash);
    return hash;
  }
}

/** The root of the tree over `leafHashes` (each already a {@link leafHash}). */
export function rootOf(leafHashes: readonly Buffer[]): Buffer {
  return subtree(leafHashes, 0, leafHashes.length);
}

function subtree(leaves: readonly Buffer[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[start] as Buffer;
  const k = split(n);
  return nodeHash(subtree(leaves, start, start + k), subtree(leaves, start + k, end));
}

/** The audit path of leaf `index` in the tree over `leafHashes` (RFC 6962 §2.1.1), leaf side first. */
export function inclusionProof(leafHashes: readonly Buffer[], index: number): Buffer[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leafHashes.length)
    throw new RangeError(`leaf ${index} is not in a tree of ${leafHashes.length}`);
  const path = (start: number, end: number, m: number): Buffer[] => {
    const n = end - start;
    if (n === 1) return [];
    const k = split(n);
    return m < k
      ? [...path(start, start + k, m), subtree(leafHashes, start + k, end)]
      : [...path(start + k, end, m - k), subtree(leafHashes, start, start + k)];
  };
  return path(0, leafHashes.length, index);
}

/**
 * The consistency proof between the tree of the first `oldSize` leaves and the whole tree
 * (RFC 6962 §2.1.2): what shows the old tree is a prefix of the new one.
 */
export function consistencyProof(leafHashes: readonly Buffer[], oldSize: number): Buffer[] {
  const n = leafHashes.length;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > n)
    throw new RangeError(`a tree of ${oldSize} is not a prefix of one of ${n}`);
  if (oldSize === 0 || oldSize === n) return [];
  const proof = (start: number, end: number, m: number, complete: boolean): Buffer[] => {
    const size = end - start;
    if (m === size) return complete ? [] : [subtree(leafHashes, start, end)];
    const k = split(size);
    return m <= k
      ? [...proof(start, start + k, m, complete), subtree(leafHashes, start + k, end)]
      : [...proof(start + k, end, m - k, false), subtree(leafHashes, start, start + k)];
  };
  return proof(0, n, oldSize, true);
}

/**
 * Whether `proof` shows the leaf with hash `leaf` at `index` in a tree of `size` with root
 * `root` (RFC 9162 §2.1.3.2). Forged proofs, roots, indexes and sizes give `false`.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

/**
 * Whether `proof` shows the tree of `oldSize` with root `oldRoot` is a prefix of the tree of
 * `newSize` with root `newRoot` (RFC 9162 §2.1.4.2).
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize)
    return false;
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (oldSize === newSize) return proof.length === 0 && same(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = [...proof];
  // When the old tree is a complete subtree, its root is the proof's implied first element.
  if (Number.isInteger(Math.log2(oldSize))) path.unshift(oldRoot);
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && same(fr, oldRoot) && same(sr, newRoot);
}
