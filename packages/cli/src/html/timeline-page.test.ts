import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { husbyStore, husbyTimelinePage } from "../test-support/husby-timeline-page.js";

describe("the Husby partnership's timeline page", () => {
  let dir: string;
  let html: string;
  beforeAll(async () => {
    const store = await husbyStore();
    dir = store.dir;
    ({ html } = await husbyTimelinePage(dir, store.location));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("draws each of the 4 agreements as a bar", () => {
    expect(html.match(/<rect data-agreement-id="/g)).toHaveLength(4);
  });

  it("hatches the gap 2020-09-01 – 2021-12-31", () => {
    expect(html).toContain('data-kind="gap" data-from="2020-09-01" data-to="2021-12-31" fill="url(#hatch)"');
    expect(html).toContain("Glapp 2020-09-01 – 2021-12-31");
  });

  it("names the succession of the public party and marks it with a line", () => {
    expect(html).toContain("Huvudman: Rinkeby-Kista stadsdelsnämnd → Järva stadsdelsnämnd");
    expect(html).toMatch(/<g data-kind="succession" data-on="\d{4}-\d{2}-\d{2}"><line /);
  });

  it("marks decisions, reports and the evaluation, with Swedish labels and amounts", () => {
    for (const kind of ["decision", "report", "evaluation"])
      expect(html).toMatch(new RegExp(`data-kind="${kind}" data-agreement-id="`));
    for (const label of ["Avtal", "Beslut", "Rapport", "Utvärdering", "Glapp"]) expect(html).toContain(label);
    expect(html).toMatch(/\d{1,3}(?: \d{3})+ kr/);
  });

  it("needs no network: no URL but the SVG namespace, no linked stylesheet or script", () => {
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>]*/g)].map((m) => m[0]);
    expect(urls).toEqual(["http://www.w3.org/2000/svg"]);
    expect(html).not.toMatch(/<link\b|<script\b/i);
  });
});
