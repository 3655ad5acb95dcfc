/**
 * Records the partnership between Husby Konst- och Hantverksförening and Rinkeby-Kista / Järva
 * district council, 2019–2024, in an SQLite file, and prints each agreement's state.
 *
 *   pnpm example:husby-history                    # ./iop.db in this example's folder
 *   IOP_DB=/tmp/husby.db pnpm example:husby-history
 */
import { runDemo } from "./demo.js";

console.log((await runDemo(process.env.IOP_DB ?? "./iop.db")).join("\n"));
