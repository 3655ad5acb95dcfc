import { AgreementCommandHandler } from "@iop/core";
import { HUSBY_PARTNERSHIP_ID, recordRealCases } from "@iop/fixtures";
import {
  fundingProjection,
  readFunding,
  readRegister,
  readTimelines,
  registerProjection,
  runLive,
  timelineProjection,
} from "@iop/projections";
import { createValidator, stockholmRules, storeAgreementLookup } from "@iop/rules";
import { fundingTable, registerTable, timelineTable } from "../format/read-models.js";
import { openStore } from "../open-store.js";
import type { Output } from "../output.js";
import { personalDataView } from "../personal-data-view.js";

/** The day the demo's register is read on: the last agreement (2024) is then in force. */
export const DEMO_AS_OF = "2024-06-30";

/**
 * Records the real data set (Husby 2019–2024, the Rinkeby-Kista 2022 decisions) into an empty
 * store through the command handler and the Stockholm rules, each command recorded at its
 * document's date, then prints the register in force on {@link DEMO_AS_OF} (as decided by then),
 * the funding by year and the Husby partnership's timeline. A store that already holds events is refused, untouched.
 */
export async function demoCommand(location: string, io: Output): Promise<number> {
  let now = new Date(0);
  const store = personalDataView(await openStore(location, "write", { clock: () => now }));
  try {
    if ((await store.sealed.readAll({ limit: 1 })).length > 0) {
      io.err(`✗ ${location} already holds events: the demo records into an empty store (use --store <new>)`);
      return 1;
    }
    const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
    const results = await recordRealCases(new AgreementCommandHandler({ store, validator }), (time) => {
      now = time;
    });
    const events = results.reduce((sum, r) => sum + r.events.length, 0);
    io.out(
      `${results.length} commands recorded (${events} events) into ${location}, with the Stockholm rules, at the documents' dates`,
    );
    io.out("");
    io.out(
      `Register in force on ${DEMO_AS_OF}, as decided by then (iop register --in-force-on ${DEMO_AS_OF} --decided-by ${DEMO_AS_OF})`,
    );
    for (const line of registerTable(
      readRegister(await runLive(registerProjection, store), {
        inForceOn: DEMO_AS_OF,
        decidedBy: DEMO_AS_OF,
      }),
    ))
      io.out(line);
    io.out("");
    io.out("Funding by year (iop funding)");
    for (const line of fundingTable(readFunding(await runLive(fundingProjection, store)))) io.out(line);
    io.out("");
    io.out("Husby partnership timeline (iop timeline)");
    const husby = readTimelines(await runLive(timelineProjection, store)).filter((t) =>
      t.partnershipIds.includes(HUSBY_PARTNERSHIP_ID),
    );
    for (const line of timelineTable(husby)) io.out(line);
    return 0;
  } finally {
    await store.close();
  }
}
