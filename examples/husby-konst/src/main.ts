/**
 * `pnpm example:husby-konst`: the Husby Konst partnership 2019–2024, step by step, in memory.
 */
import { tellHusbyKonst } from "./husby-konst.js";

await tellHusbyKonst((line) => console.log(line));
