import { describe, expect, it } from "vitest";
import { table } from "./table.js";

describe("table", () => {
  it("pads each column to its widest cell, amounts on the right, without trailing spaces", () => {
    expect(
      table(
        [{ heading: "agreement" }, { heading: "granted", right: true }, { heading: "note" }],
        [
          ["husby-konst-2022", "324 000 kr", ""],
          ["för", "1 kr", "åäö"],
        ],
      ),
    ).toEqual([
      "agreement            granted  note",
      "----------------  ----------  ----",
      "husby-konst-2022  324 000 kr",
      "för                     1 kr  åäö",
    ]);
  });

  it("prints headings alone for no rows", () => {
    expect(table([{ heading: "a" }, { heading: "b" }], [])).toEqual(["a  b", "-  -"]);
  });
});
