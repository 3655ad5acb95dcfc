import { writeFile } from "node:fs/promises";
import { generateCheckpointKeys } from "@iop/core";
import { type Output, UsageError } from "../output.js";

/**
 * Writes a new checkpoint key pair: `<prefix>.key` (the signer key, readable by its owner only)
 * and `<prefix>.pub` (the verifier key, for auditors). Existing files are never overwritten.
 */
export async function keygenCommand(name: string, prefix: string, io: Output): Promise<number> {
  const { signerKey, verifierKey } = generateCheckpointKeys(name);
  try {
    await writeFile(`${prefix}.key`, `${signerKey}\n`, { flag: "wx", mode: 0o600 });
    await writeFile(`${prefix}.pub`, `${verifierKey}\n`, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new UsageError(`${prefix}.key or ${prefix}.pub exists already: choose another --out`);
    if (code === "ENOENT") throw new UsageError(`cannot write ${prefix}.key: the folder does not exist`);
    throw error;
  }
  io.out(
    `signer key written to ${prefix}.key (keep it secret), verifier key to ${prefix}.pub (give it to auditors)`,
  );
  return 0;
}
