import { type PublicBodyRegistry, publicBodyRegistry } from "./public-bodies.js";

const DATA_START = "2007-01-01";
const MERGER_2020 = "Kommunfullmäktiges beslut om ny stadsdelsnämndsindelning från 2020-07-01";
const MERGER_2023 = "Kommunfullmäktiges beslut 2023-04-24 om ny stadsdelsnämndsindelning från 2023-07-01";

type Extra = Partial<PublicBodyRegistry["bodies"][number]>;

/** A council named "X stadsdelsnämnd" (names ending in a vowel take no genitive -s). */
function council(district: string, extra: Extra = {}) {
  return { name: `${district} stadsdelsnämnd`, validFrom: DATA_START, ...extra };
}

/**
 * A council whose official name is in the genitive ("Norrmalms stadsdelsnämnd"); the plain
 * form "Norrmalm stadsdelsnämnd" is kept as an alias.
 */
function councilGenitive(district: string, extra: Extra = {}) {
  return { ...council(`${district}s`, extra), aliases: [`${district} stadsdelsnämnd`] };
}

/**
 * Stockholm's district councils (stadsdelsnämnder) since 2007-01-01, with their mergers:
 * - 2007-01-01 → 2020-06-30: 14 councils;
 * - 2020-07-01: Hägersten-Liljeholmen + Älvsjö → Hägersten-Älvsjö;
 * - 2023-07-01 (city council decision 2023-04-24): Rinkeby-Kista + Spånga-Tensta → Järva,
 *   Norrmalm + Östermalm → Norra innerstaden;
 * - since then 11 councils.
 *
 * The data starts on 2007-01-01: councils that existed before carry that date as `validFrom`,
 * and dates before it are outside the data (the rule says nothing about them). All share the
 * City of Stockholm's organisation number 212000-0142. Names are the official ones, in the
 * genitive where Swedish uses it ("Norrmalms stadsdelsnämnd"); the plain "X stadsdelsnämnd"
 * form is an alias, so both are recognised. Extend the data with `mergeRegistries`.
 */
export const stockholmDistrictCouncils: PublicBodyRegistry = publicBodyRegistry.parse({
  name: "Stockholms stad: stadsdelsnämnder",
  version: "2023-07-01.1",
  coversFrom: DATA_START,
  bodies: [
    council("Bromma"),
    councilGenitive("Enskede-Årsta-Vantör"),
    council("Farsta"),
    councilGenitive("Hägersten-Liljeholmen", {
      validTo: "2020-06-30",
      successor: "Hägersten-Älvsjö stadsdelsnämnd",
      basis: MERGER_2020,
    }),
    council("Hässelby-Vällingby"),
    councilGenitive("Kungsholmen"),
    councilGenitive("Norrmalm", {
      validTo: "2023-06-30",
      successor: "Norra innerstadens stadsdelsnämnd",
      basis: MERGER_2023,
    }),
    council("Rinkeby-Kista", {
      validTo: "2023-06-30",
      successor: "Järva stadsdelsnämnd",
      basis: MERGER_2023,
    }),
    councilGenitive("Skarpnäck"),
    councilGenitive("Skärholmen"),
    council("Spånga-Tensta", {
      validTo: "2023-06-30",
      successor: "Järva stadsdelsnämnd",
      basis: MERGER_2023,
    }),
    councilGenitive("Södermalm"),
    council("Älvsjö", {
      validTo: "2020-06-30",
      successor: "Hägersten-Älvsjö stadsdelsnämnd",
      basis: MERGER_2020,
    }),
    councilGenitive("Östermalm", {
      validTo: "2023-06-30",
      successor: "Norra innerstadens stadsdelsnämnd",
      basis: MERGER_2023,
    }),
    council("Hägersten-Älvsjö", { validFrom: "2020-07-01", basis: MERGER_2020 }),
    council("Järva", { validFrom: "2023-07-01", basis: MERGER_2023 }),
    councilGenitive("Norra innerstaden", { validFrom: "2023-07-01", basis: MERGER_2023 }),
  ],
});
