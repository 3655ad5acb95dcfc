import { describe, expect, it } from "vitest";
import { mergeRegistries, publicBodyLookup, publicBodyRegistry } from "./public-bodies.js";
import { stockholmDistrictCouncils } from "./stockholm-district-councils.js";

const stockholm = publicBodyLookup(stockholmDistrictCouncils);
const names = (date: string) =>
  stockholm
    .inForceOn(date)
    .map((b) => b.name)
    .sort();

describe("Stockholm's district councils", () => {
  it("has 14 councils until 2020-06-30, 13 after the first merger and 11 since 2023-07-01", () => {
    expect(names("2007-01-01")).toHaveLength(14);
    expect(names("2020-06-30")).toHaveLength(14);
    expect(names("2020-07-01")).toHaveLength(13);
    expect(names("2023-06-30")).toHaveLength(13);
    expect(names("2023-07-01")).toEqual(
      [
        "Bromma stadsdelsnämnd",
        "Enskede-Årsta-Vantörs stadsdelsnämnd",
        "Farsta stadsdelsnämnd",
        "Hägersten-Älvsjö stadsdelsnämnd",
        "Hässelby-Vällingby stadsdelsnämnd",
        "Järva stadsdelsnämnd",
        "Kungsholmens stadsdelsnämnd",
        "Norra innerstadens stadsdelsnämnd",
        "Skarpnäcks stadsdelsnämnd",
        "Skärholmens stadsdelsnämnd",
        "Södermalms stadsdelsnämnd",
      ].sort(),
    );
  });

  it("finds a body in force by name or plain-form alias, in any case and spacing", () => {
    expect(stockholm.bodyInForce("Rinkeby-Kista stadsdelsnämnd", "2023-06-30")?.name).toBe(
      "Rinkeby-Kista stadsdelsnämnd",
    );
    expect(stockholm.bodyInForce("Rinkeby-Kista stadsdelsnämnd", "2023-07-01")).toBeUndefined();
    expect(stockholm.bodyInForce("Östermalm stadsdelsnämnd", "2022-01-01")?.name).toBe(
      "Östermalms stadsdelsnämnd",
    );
    expect(stockholm.bodyInForce("  norra innerstaden   STADSDELSNÄMND", "2024-01-01")?.name).toBe(
      "Norra innerstadens stadsdelsnämnd",
    );
    expect(stockholm.bodyInForce("Järva stadsdelsnämnd", "2023-06-30")).toBeUndefined();
    expect(stockholm.bodyInForce("Socialnämnden", "2023-06-30")).toBeUndefined();
  });

  it("names the successor on a date after a merger", () => {
    expect(stockholm.successorOn("Rinkeby-Kista stadsdelsnämnd", "2023-08-01")?.name).toBe(
      "Järva stadsdelsnämnd",
    );
    expect(stockholm.successorOn("Spånga-Tensta stadsdelsnämnd", "2023-07-01")?.name).toBe(
      "Järva stadsdelsnämnd",
    );
    expect(stockholm.successorOn("Norrmalms stadsdelsnämnd", "2024-01-01")?.name).toBe(
      "Norra innerstadens stadsdelsnämnd",
    );
    expect(stockholm.successorOn("Älvsjö stadsdelsnämnd", "2020-07-01")?.name).toBe(
      "Hägersten-Älvsjö stadsdelsnämnd",
    );
    expect(stockholm.successorOn("Rinkeby-Kista stadsdelsnämnd", "2023-06-30")).toBeUndefined();
    expect(stockholm.successorOn("Bromma stadsdelsnämnd", "2024-01-01")).toBeUndefined();
    expect(stockholm.predecessorsOf("Järva stadsdelsnämnd").map((b) => b.name)).toEqual([
      "Rinkeby-Kista stadsdelsnämnd",
      "Spånga-Tensta stadsdelsnämnd",
    ]);
  });

  it("follows a chain of successions", () => {
    const chain = publicBodyLookup({
      name: "chain",
      version: "1",
      coversFrom: "2000-01-01",
      bodies: [
        { name: "A", validFrom: "2000-01-01", validTo: "2009-12-31", successor: "B" },
        { name: "B", validFrom: "2010-01-01", validTo: "2019-12-31", successor: "C" },
        { name: "C", validFrom: "2020-01-01" },
      ],
    });
    expect(chain.successorOn("A", "2015-01-01")?.name).toBe("B");
    expect(chain.successorOn("A", "2021-01-01")?.name).toBe("C");
  });

  it("lets a city merge its own bodies over the data, and checks the result", () => {
    const merged = mergeRegistries(stockholmDistrictCouncils, {
      version: "socialnamnden-1",
      bodies: [{ name: "Socialnämnden", validFrom: "2007-01-01" }],
    });
    expect(merged.version).toBe(`${stockholmDistrictCouncils.version}+socialnamnden-1`);
    expect(publicBodyLookup(merged).bodyInForce("Socialnämnden", "2024-01-01")).toBeDefined();
    expect(merged.bodies).toHaveLength(stockholmDistrictCouncils.bodies.length + 1);
    // Replacing Järva with a record that starts later breaks the 2023 successions: refused.
    expect(() =>
      mergeRegistries(stockholmDistrictCouncils, {
        version: "bad",
        bodies: [{ name: "Järva stadsdelsnämnd", validFrom: "2024-01-01" }],
      }),
    ).toThrow(/does not exist on 2023-07-01/);
  });

  it("refuses inconsistent data", () => {
    const bad = (bodies: unknown[]) =>
      publicBodyRegistry.safeParse({ name: "x", version: "1", coversFrom: "2000-01-01", bodies }).success;
    expect(bad([{ name: "A", validFrom: "2010-01-01", validTo: "2009-12-31" }])).toBe(false);
    expect(bad([{ name: "A", validFrom: "2010-01-01", validTo: "2012-12-31", successor: "B" }])).toBe(false);
    expect(bad([{ name: "A", validFrom: "2010-01-01", successor: "A" }])).toBe(false);
    expect(
      bad([
        { name: "A", validFrom: "2010-01-01" },
        { name: " a ", validFrom: "2011-01-01" },
      ]),
    ).toBe(false);
    expect(bad([{ name: "A", validFrom: "2010-01-01" }])).toBe(true);
  });
});
