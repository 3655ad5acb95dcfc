import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { husbyStore, husbyTimelinePage } from "../test-support/husby-timeline-page.js";

const run = promisify(execFile);
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu"];
const skip = process.env.IOP_SKIP_BROWSER === "1";

/** A test that needs Chromium: registered as skipped, saying why, when IOP_SKIP_BROWSER=1. */
const inBrowser = (name: string, test: () => Promise<void>) =>
  skip ? it.skip(`${name} — skipped: IOP_SKIP_BROWSER=1 is set`, test) : it(name, test, 90_000);

/** A PNG's width and height, from its IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("the Husby timeline page in headless Chromium", () => {
  let dir: string;
  let url: string;
  beforeAll(async () => {
    if (skip) return;
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), or set IOP_SKIP_BROWSER=1 to skip`,
      );
    const store = await husbyStore();
    dir = store.dir;
    url = pathToFileURL((await husbyTimelinePage(dir, store.location)).file).href;
  });
  afterAll(() => (dir === undefined ? undefined : rm(dir, { recursive: true, force: true })));

  inBrowser("renders the SVG with 4 agreement bars and the Swedish labels", async () => {
    const { stdout } = await run(CHROMIUM, [...FLAGS, "--dump-dom", url], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const svg = stdout.slice(stdout.indexOf("<svg"), stdout.indexOf("</svg>"));
    expect(svg.match(/<rect data-agreement-id="/g)).toHaveLength(4);
    expect(svg).toContain('data-kind="gap" data-from="2020-09-01" data-to="2021-12-31"');
    expect(stdout).toContain("Huvudman: Rinkeby-Kista stadsdelsnämnd → Järva stadsdelsnämnd");
    for (const label of ["Avtal", "Beslut", "Rapport", "Utvärdering", "Glapp", "324 000 kr", "2022"])
      expect(stdout).toContain(label);
  });

  inBrowser("takes a 1200 × 800 screenshot of it", async () => {
    const png = join(dir, "husby-timeline.png");
    await run(CHROMIUM, [...FLAGS, `--screenshot=${png}`, "--window-size=1200,800", url], {
      cwd: dir,
      timeout: 60_000,
    });
    expect((await stat(png)).size).toBeGreaterThan(10 * 1024);
    expect(pngSize(await readFile(png))).toEqual({ width: 1200, height: 800 });
  });
});
