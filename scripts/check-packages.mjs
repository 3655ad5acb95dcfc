/**
 * `pnpm check:packages` (CI, after `pnpm build`): the published packages as a user gets them.
 *
 * 1. packs every package of packages/* that is not private with `pnpm pack` (which turns
 *    `workspace:*` into versions) into a temporary folder;
 * 2. runs publint (strict) on each package and attw (ESM-only profile: the packages are ESM) on
 *    each tarball;
 * 3. makes a consumer project — TypeScript strict, `module: nodenext`, library checks on — that
 *    imports every entry of every package's `exports` map and uses the README's example, installs
 *    the tarballs with npm (third-party dependencies from the registry; install scripts off: no
 *    native build, nothing here opens a database) and runs `tsc --noEmit`, then imports each
 *    package's main entry in Node and runs the installed `iop --version`.
 *
 * Prints one line per check and exits 1 when any fails. `--keep` leaves the folder for a look.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name) => join(root, "node_modules", ".bin", name);
const work = mkdtempSync(join(tmpdir(), "iop-packages-"));
const packs = join(work, "packs");
const consumer = join(work, "consumer");
const failures = [];

/** Runs a command; on failure records `what` and prints the command's output. */
function run(what, command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  const ok = result.status === 0;
  console.log(`${ok ? "✓" : "✗"} ${what}`);
  if (!ok) {
    failures.push(what);
    console.log(
      `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ?? ""}`.trim().replace(/^/gm, "    "),
    );
  }
  return ok;
}

const published = readdirSync(join(root, "packages"))
  .map((folder) => ({ folder, dir: join(root, "packages", folder) }))
  .map((pkg) => ({ ...pkg, manifest: JSON.parse(readFileSync(join(pkg.dir, "package.json"), "utf8")) }))
  .filter((pkg) => pkg.manifest.private !== true);

mkdirSync(packs);
for (const pkg of published) {
  const { name } = pkg.manifest;
  if (!run(`${name}: pnpm pack`, "pnpm", ["pack", "--pack-destination", packs], pkg.dir)) continue;
  run(`${name}: publint --strict`, bin("publint"), ["--strict", "--pack", "pnpm"], pkg.dir);
}
const tarballs = new Map(
  readdirSync(packs).map((file) => [file.replace(/-\d+\.\d+\.\d+.*\.tgz$/, ""), join(packs, file)]),
);
for (const pkg of published) {
  const tarball = tarballs.get(pkg.manifest.name.replace(/^@/, "").replace("/", "-"));
  if (tarball === undefined) continue;
  run(
    `${pkg.manifest.name}: attw --profile esm-only`,
    bin("attw"),
    ["--profile", "esm-only", "--format", "table-flipped", tarball],
    work,
  );
}

// The consumer: every published entry point, imported as a user would.
const entries = published.flatMap(({ manifest }) =>
  Object.keys(manifest.exports ?? { ".": {} }).map((subpath) => manifest.name + subpath.slice(1)),
);
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
mkdirSync(join(consumer, "src"), { recursive: true });
writeFileSync(
  join(consumer, "package.json"),
  `${JSON.stringify(
    {
      name: "iop-consumer",
      private: true,
      type: "module",
      dependencies: Object.fromEntries(
        published.map(({ manifest }) => [
          manifest.name,
          `file:${tarballs.get(manifest.name.replace(/^@/, "").replace("/", "-"))}`,
        ]),
      ),
      devDependencies: { "@types/node": rootManifest.devDependencies["@types/node"] },
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(consumer, "tsconfig.json"),
  `${JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true,
        types: ["node"],
      },
      include: ["src"],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(consumer, "src", "entries.ts"),
  `${entries.map((entry, i) => `import * as entry${i} from "${entry}";`).join("\n")}\n\nexport const entries = [${entries.map((_, i) => `entry${i}`).join(", ")}];\n`,
);
writeFileSync(
  join(consumer, "src", "usage.ts"),
  `import { AgreementCommandHandler } from "@iop/core";
import { createValidator, stockholmRules, storeAgreementLookup } from "@iop/rules";
import { openSqliteStore } from "@iop/store-sqlite";
import { readRegister, registerProjection, runLive } from "@iop/projections";

const store = await openSqliteStore({ path: "./iop.db" });
const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
const handler = new AgreementCommandHandler({ store, validator });
const { state } = await handler.load("husby-konst-2022");
const status: string = state.status;
const rows = readRegister(await runLive(registerProjection, store));
export const grantedKronor: number | null | undefined = rows[0]?.grantedKronor;
export { status };
await store.close();
`,
);
if (
  run(
    "consumer: npm install of the tarballs",
    "npm",
    ["install", "--ignore-scripts", "--no-audit", "--no-fund"],
    consumer,
  )
) {
  run(
    `consumer: tsc --noEmit (strict, nodenext) on ${entries.length} entry points`,
    bin("tsc"),
    ["-p", "."],
    consumer,
  );
  // At run time too: every main entry loads (subpaths such as `testing` need optional peers).
  const imports = published.map(({ manifest }) => `await import("${manifest.name}");`).join(" ");
  run(
    "consumer: node imports every package's main entry",
    "node",
    ["--input-type=module", "-e", imports],
    consumer,
  );
  run(
    "consumer: iop --version from the installed bin",
    join(consumer, "node_modules", ".bin", "iop"),
    ["--version"],
    consumer,
  );
}

if (process.argv.includes("--keep")) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(
  failures.length === 0 ? `packages: all ${published.length} clean` : `packages: ${failures.length} failed`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
