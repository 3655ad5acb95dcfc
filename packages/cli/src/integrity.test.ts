import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { iop } from "./test-support/run-iop.js";
import { storedEvents, takeBackBeforeTheChain } from "./test-support/sqlite-files.js";

describe("iop keygen, checkpoint, prove and check-proof", () => {
  let dir: string;
  let db: string;
  let keys: string;
  let early: string;
  let latest: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-integrity-"));
    db = `sqlite:${join(dir, "husby.db")}`;
    keys = join(dir, "revisionen");
    early = join(dir, "early.checkpoint");
    latest = join(dir, "latest.checkpoint");
    const commands = join(dir, "husby.json");
    await writeFile(commands, JSON.stringify(husbyHistory.slice(0, 6)));
    await iop("--store", db, "record", commands);
    await writeFile(commands, JSON.stringify(husbyHistory));
    expect((await iop("keygen", "revisionen.stockholm.se", "--out", keys)).code).toBe(0);
    expect((await iop("--store", db, "checkpoint", "--key", `${keys}.key`, "--out", early)).code).toBe(0);
    await iop("--store", db, "record", commands);
    expect((await iop("--store", db, "checkpoint", "--key", `${keys}.key`, "--out", latest)).code).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes a key pair, the signer key readable by its owner only, and never overwrites one", async () => {
    expect((await stat(`${keys}.key`)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${keys}.pub`, "utf8")).toMatch(/^revisionen\.stockholm\.se\+[0-9a-f]{8}\+/);
    const again = await iop("keygen", "revisionen.stockholm.se", "--out", keys);
    expect(again).toMatchObject({ code: 2, err: expect.stringContaining("exists already") });
  });

  it("signs a checkpoint in the tlog-checkpoint form, which verify then checks the store against", async () => {
    const [origin, size, root] = (await readFile(latest, "utf8")).split("\n");
    expect(origin).toBe("revisionen.stockholm.se");
    expect(Number(size)).toBe((await storedEvents(db.slice("sqlite:".length))).length);
    expect(Buffer.from(root ?? "", "base64")).toHaveLength(32);
    for (const checkpoint of [early, latest]) {
      const verified = await iop("--store", db, "verify", "--checkpoint", checkpoint, "--key", `${keys}.pub`);
      expect(verified).toMatchObject({
        code: 0,
        out: expect.stringContaining("checked against the checkpoint"),
      });
    }
  });

  it("refuses a checkpoint signed by another key, or edited, with exit 1", async () => {
    const other = join(dir, "other");
    await iop("keygen", "revisionen.stockholm.se", "--out", other);
    const refused = await iop("--store", db, "verify", "--checkpoint", latest, "--key", `${other}.pub`);
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining("not signed by") });
    const edited = join(dir, "edited.checkpoint");
    const [origin, size, ...rest] = (await readFile(latest, "utf8")).split("\n");
    await writeFile(edited, [origin, Number(size) - 1, ...rest].join("\n"));
    expect((await iop("--store", db, "verify", "--checkpoint", edited, "--key", `${keys}.pub`)).code).toBe(1);
  });

  it("signs a new checkpoint only of a store that still holds the last one's tree", async () => {
    const next = join(dir, "next.checkpoint");
    const signed = await iop(
      "--store",
      db,
      "checkpoint",
      "--key",
      `${keys}.key`,
      "--previous",
      latest,
      "--out",
      next,
    );
    expect(signed.code).toBe(0);
    // Another store, not the history the last checkpoint signed.
    const other = `sqlite:${join(dir, "other.db")}`;
    const commands = join(dir, "first.json");
    await writeFile(commands, JSON.stringify(husbyHistory.slice(0, 3)));
    await iop("--store", other, "record", commands);
    const refused = await iop("--store", other, "checkpoint", "--key", `${keys}.key`, "--previous", latest);
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining("no checkpoint signed") });
  });

  it("proves one event's inclusion, checked with the verifier key alone; a forged proof is refused", async () => {
    const events = await storedEvents(db.slice("sqlite:".length));
    const granted = events.find((e) => e.type === "Granted" && e.streamId.endsWith(husbyAgreementIds.y2022));
    const proof = join(dir, "grant.proof.json");
    const proved = await iop(
      "--store",
      db,
      "prove",
      granted?.eventId ?? "",
      "--checkpoint",
      latest,
      "--key",
      `${keys}.pub`,
      "--out",
      proof,
    );
    expect(proved.code).toBe(0);
    const checked = await iop("check-proof", proof, "--key", `${keys}.pub`);
    expect(checked).toMatchObject({
      code: 0,
      out: expect.stringContaining(`${granted?.streamId}@2 (Granted`),
    });
    const forged = join(dir, "forged.proof.json");
    await writeFile(
      forged,
      (await readFile(proof, "utf8")).replace('"grantedKronor": 324000', '"grantedKronor": 3240000'),
    );
    expect(await iop("check-proof", forged, "--key", `${keys}.pub`)).toMatchObject({
      code: 1,
      err: expect.stringContaining("not what its hash was taken over"),
    });
  });

  it("proves that the earlier checkpoint's tree is a prefix of the later one's", async () => {
    const proof = join(dir, "consistency.json");
    const proved = await iop(
      "--store",
      db,
      "prove",
      "--from",
      early,
      "--to",
      latest,
      "--key",
      `${keys}.pub`,
      "--out",
      proof,
    );
    expect(proved.code).toBe(0);
    expect(await iop("check-proof", proof, "--key", `${keys}.pub`)).toMatchObject({
      code: 0,
      out: expect.stringContaining("is a prefix of the checkpoint"),
    });
  });

  it("shows progress on a terminal's standard error while it verifies, and clears it", async () => {
    const progress: (string | undefined)[] = [];
    const code = await main(["--store", db, "verify"], {
      out: () => undefined,
      err: () => undefined,
      progress: (line) => progress.push(line),
    });
    expect(code).toBe(0);
    expect(progress).toContain(
      `verifying: ${(await storedEvents(db.slice("sqlite:".length))).length} events read`,
    );
    expect(progress.at(-1)).toBeUndefined();
  });

  it("verify --json reports the tree and findings for machines; --rules re-runs the rules", async () => {
    const json = await iop("--store", db, "verify", "--json");
    expect(JSON.parse(json.out)).toMatchObject({
      findings: [],
      rootHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await iop("--store", db, "verify", "--rules", "stockholm")).code).toBe(0);
    expect((await iop("--store", db, "verify", "--rules", "none")).code).toBe(2);
  });
});

describe("iop export and import", () => {
  let dir: string;
  let db: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-backup-"));
    db = `sqlite:${join(dir, "husby.db")}`;
    file = join(dir, "husby.jsonl");
    const commands = join(dir, "husby.json");
    await writeFile(commands, JSON.stringify(husbyHistory));
    await iop("--store", db, "record", commands);
    await iop("--store", db, "export", "--out", file);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("refuses a file cut at a line boundary with exit 1, and writes nothing", async () => {
    const lines = (await readFile(file, "utf8")).split("\n");
    const cut = join(dir, "cut.jsonl");
    await writeFile(cut, `${lines.slice(0, 10).join("\n")}\n`);
    const copy = join(dir, "cut.db");
    const result = await iop("--store", `sqlite:${copy}`, "import", cut);
    expect(result).toMatchObject({ code: 1, err: expect.stringContaining("cut short") });
    // Checked before the store was opened: not even an empty store was created.
    await expect(stat(copy)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses an edited file naming the line, and a missing one as a usage error", async () => {
    const edited = join(dir, "edited.jsonl");
    await writeFile(
      edited,
      (await readFile(file, "utf8")).replace('"grantedKronor":324000', '"grantedKronor":3240000'),
    );
    const result = await iop("--store", `sqlite:${join(dir, "edited.db")}`, "import", edited);
    expect(result).toMatchObject({ code: 1, err: expect.stringMatching(/edited\.jsonl:\d+: .*edited/) });
    const missing = await iop(
      "--store",
      `sqlite:${join(dir, "missing.db")}`,
      "import",
      join(dir, "nope.jsonl"),
    );
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("no such file") });
  });

  it("gives a copy that answers both clocks as the original does", async () => {
    const copy = `sqlite:${join(dir, "copy.db")}`;
    expect((await iop("--store", copy, "import", file)).code).toBe(0);
    const [recorded] = await storedEvents(db.slice("sqlite:".length));
    const knownAt = recorded?.recordedAt ?? "";
    for (const args of [
      ["register", "--as-of", "2022-03-24", "--json"],
      ["register", "--known-at", knownAt, "--json"],
      ["funding", "--json"],
    ]) {
      const [original, copied] = await Promise.all([db, copy].map((store) => iop("--store", store, ...args)));
      expect(copied?.out).toBe(original?.out);
    }
    const [a, b] = await Promise.all([db, copy].map((store) => iop("--store", store, "verify", "--json")));
    expect(JSON.parse(b?.out ?? "").rootHash).toBe(JSON.parse(a?.out ?? "").rootHash);
  });
});

describe("iop upgrade of an SQLite store written before the hash chain", () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-upgrade-"));
    path = join(dir, "husby.db");
    const commands = join(dir, "husby.json");
    await writeFile(commands, JSON.stringify(husbyHistory));
    await iop("--store", `sqlite:${path}`, "record", commands);
    await takeBackBeforeTheChain(path);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is refused by read commands with what to do, then upgraded, saying what it sealed", async () => {
    const refused = await iop("--store", `sqlite:${path}`, "verify");
    expect(refused).toMatchObject({ code: 3, err: expect.stringContaining("run iop upgrade on it first") });
    const upgraded = await iop("--store", `sqlite:${path}`, "upgrade");
    expect(upgraded).toMatchObject({
      code: 0,
      out: "store upgraded: schema steps 4, 5, 6 applied; 19 events written before the hash chain were sealed into it",
    });
    expect((await iop("--store", `sqlite:${path}`, "verify")).code).toBe(0);
  });
});
