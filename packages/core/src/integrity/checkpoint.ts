import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { IntegrityError } from "../errors/integrity-errors.js";

/**
 * Checkpoints in the C2SP `tlog-checkpoint` text form, signed as a C2SP `signed-note` with
 * Ed25519: what an auditor keeps outside the store to check later that nothing recorded since
 * was changed, removed or reordered.
 *
 * ```text
 * iop.example/järva-stadsdelsförvaltning   ← origin: names the log
 * 1342                                      ← tree size: events in global order
 * 8Y0a…=                                    ← root hash (RFC 6962), base64
 *
 * — iop.example/järva-stadsdelsförvaltning Az3g…=   ← key name, base64(key hash ‖ signature)
 * ```
 */

/** A checkpoint's body: which log, how many leaves, and the root over them. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
}

/** A key pair for signing checkpoints, each in the signed-note text encoding. */
export interface CheckpointKeys {
  /** `PRIVATE+KEY+<name>+<hash>+<base64>`: keep it secret, outside the store. */
  readonly signerKey: string;
  /** `<name>+<hash>+<base64>`: give it to auditors. */
  readonly verifierKey: string;
}

const ED25519 = 0x01;
/** The DER prefix of a PKCS #8 Ed25519 private key, before its 32-byte seed. */
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SIGNATURE_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/;

function fail(reason: string): never {
  throw new IntegrityError(reason);
}

/** The signed-note key hash: SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), first 4 bytes. */
function keyHash(name: string, publicKey: Buffer): Buffer {
  return createHash("sha256")
    .update(`${name}\n`)
    .update(Buffer.from([ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

function assertKeyName(name: string): void {
  if (name === "" || /[\s+]/u.test(name) || !name.isWellFormed())
    fail(`a key name must be non-empty, without spaces or "+" (got ${JSON.stringify(name)})`);
}

function rawPublicKey(key: KeyObject): Buffer {
  const x = key.export({ format: "jwk" }).x;
  if (x === undefined) fail("not an Ed25519 key");
  return Buffer.from(x, "base64url");
}

/** A new Ed25519 key pair for checkpoints of the log named `name` (the origin, usually). */
export function generateCheckpointKeys(name: string): CheckpointKeys {
  assertKeyName(name);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d as string, "base64url");
  const pub = rawPublicKey(publicKey);
  const hash = keyHash(name, pub).toString("hex");
  return {
    signerKey: `PRIVATE+KEY+${name}+${hash}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString("base64")}`,
    verifierKey: `${name}+${hash}+${Buffer.concat([Buffer.from([ED25519]), pub]).toString("base64")}`,
  };
}

function parseKey(text: string, kind: "signer" | "verifier"): { name: string; hash: Buffer; key: Buffer } {
  let rest = text.trim();
  if (kind === "signer") {
    if (!rest.startsWith("PRIVATE+KEY+")) fail("not a signer key (PRIVATE+KEY+…)");
    rest = rest.slice("PRIVATE+KEY+".length);
  }
  // The name and hash hold no "+"; the base64 key may.
  const first = rest.indexOf("+");
  const second = rest.indexOf("+", first + 1);
  const [name, hashHex, encoded] = [
    rest.slice(0, first),
    rest.slice(first + 1, second),
    rest.slice(second + 1),
  ];
  if (first < 1 || second < 0 || encoded === "")
    fail(`not a ${kind} key: expected ${kind === "signer" ? "PRIVATE+KEY+" : ""}<name>+<hash>+<key>`);
  assertKeyName(name);
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length !== 33 || bytes[0] !== ED25519) fail(`the ${kind} key is not an Ed25519 key`);
  if (!/^[0-9a-f]{8}$/.test(hashHex)) fail(`the ${kind} key's hash is not 8 hex digits`);
  return { name, hash: Buffer.from(hashHex, "hex"), key: bytes.subarray(1) };
}

/** The checkpoint body: origin, size and base64 root, one per line, ending with a newline. */
export function formatCheckpoint({ origin, size, rootHash }: Checkpoint): string {
  if (origin === "" || /[\n\r]/.test(origin) || !origin.isWellFormed())
    fail("the origin must be one line of text");
  if (!Number.isSafeInteger(size) || size < 0) fail("the tree size must be a whole number ≥ 0");
  if (rootHash.length !== 32) fail("the root hash must be 32 bytes (SHA-256)");
  return `${origin}\n${size}\n${rootHash.toString("base64")}\n`;
}

/**
 * The verifier key that belongs to a signer key: what checks the checkpoints it signs.
 * @throws {IntegrityError} when `signerKey` is not a signer key or its hash does not match.
 */
export function verifierKeyOf(signerKey: string): string {
  const { name, hash, key } = parseKey(signerKey, "signer");
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, key]),
    format: "der",
    type: "pkcs8",
  });
  const pub = rawPublicKey(createPublicKey(privateKey));
  if (!keyHash(name, pub).equals(hash)) fail("the signer key's hash does not match its key");
  return `${name}+${hash.toString("hex")}+${Buffer.concat([Buffer.from([ED25519]), pub]).toString("base64")}`;
}

/** Signs `checkpoint` with a signer key: the signed note to hand the auditor. */
export function signCheckpoint(checkpoint: Checkpoint, signerKey: string): string {
  const body = formatCheckpoint(checkpoint);
  const { name, hash, key } = parseKey(signerKey, "signer");
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, key]),
    format: "der",
    type: "pkcs8",
  });
  if (!keyHash(name, rawPublicKey(createPublicKey(privateKey))).equals(hash))
    fail("the signer key's hash does not match its key");
  const signature = sign(null, Buffer.from(body), privateKey);
  return `${body}\n\u2014 ${name} ${Buffer.concat([hash, signature]).toString("base64")}\n`;
}

/**
 * Reads a signed checkpoint and checks its signature by `verifierKey`: the checkpoint, or an
 * {@link IntegrityError} saying why it cannot be trusted (malformed, not signed by this key,
 * signature wrong — an edited size or root makes it wrong).
 */
export function verifyCheckpoint(note: string, verifierKey: string): Checkpoint {
  const { name, hash, key } = parseKey(verifierKey, "verifier");
  const split = note.indexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) fail("not a signed note: no blank line before the signatures");
  const body = note.slice(0, split + 1);
  const publicKey = createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: key.toString("base64url") },
    format: "jwk",
  });
  const signed = note
    .slice(split + 2, -1)
    .split("\n")
    .map((line) => SIGNATURE_LINE.exec(line) ?? fail(`not a signature line: ${JSON.stringify(line)}`))
    .some(([, signer, encoded]) => {
      const bytes = Buffer.from(encoded as string, "base64");
      return (
        signer === name &&
        bytes.subarray(0, 4).equals(hash) &&
        verify(null, Buffer.from(body), publicKey, bytes.subarray(4))
      );
    });
  if (!signed) fail(`the checkpoint is not signed by ${name}'s key, or its text was changed after signing`);
  const [origin, size, root, ...rest] = body.slice(0, -1).split("\n");
  if (origin === undefined || size === undefined || root === undefined || !/^(0|[1-9]\d*)$/.test(size))
    fail("not a checkpoint: expected origin, size and root hash lines");
  if (rest.length > 0) fail("the checkpoint has extension lines this version does not know");
  const rootHash = Buffer.from(root, "base64");
  if (rootHash.length !== 32 || rootHash.toString("base64") !== root)
    fail("the root hash is not 32 bytes of base64");
  return { origin, size: Number(size), rootHash };
}
