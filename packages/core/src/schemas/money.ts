import { z } from "zod";

/** An amount in whole Swedish kronor: a positive safe integer, never öre, never a float. */
export const kronor = z
  .number({ message: "must be a number of whole kronor" })
  .int({ message: "must be whole kronor (no öre, no fractions)" })
  .positive({ message: "must be a positive amount of kronor" })
  .max(Number.MAX_SAFE_INTEGER, { message: "is too large to be exact" });

/** An amount in whole Swedish kronor. */
export type Kronor = z.infer<typeof kronor>;
