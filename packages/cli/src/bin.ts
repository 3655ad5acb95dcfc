#!/usr/bin/env node
import { main } from "./main.js";

// A reader that stops early (`iop export | head -1`) closes the pipe: that is not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv.slice(2));
