import { COMMANDS, OPTIONS, type OptionName, type OptionSpec } from "../args/commands.js";

const pad = (text: string, width: number) => (text.length >= width ? `${text}  ` : text.padEnd(width));

/** `text` in lines of at most `columns` characters, every line after the first indented by `indent`. */
export function wrap(text: string, indent: number, columns = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

function optionLabel(name: OptionName): string {
  const spec: OptionSpec = OPTIONS[name];
  return `${spec.short === undefined ? "" : `-${spec.short}, `}--${name}${spec.value === undefined ? "" : ` ${spec.value}`}`;
}

/** What `iop --help` prints: every command with one line, then what to run for more. */
export const USAGE = `Usage: iop [--store <location>] <command> [arguments] [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, spec]) => `  ${pad(name, 14)}${spec.summary}`)
  .join("\n")}

Options:
  --store <location>  sqlite:<path>, postgres://…, esdb://… (every command with a store)
  -h, --help          this text; after a command, that command's help
  -V, --version       the version of iop

Exit codes: 0 done, 1 refused or findings (an edited or cut export, a checkpoint or proof that does
not hold, an erasure refused), 2 usage error, 3 store error (missing, unavailable, full, read-only,
a corrupt event, a conflict).

iop <command> --help for more`;

/** What `iop <command> --help` prints: its usage, options, and examples on the Husby store. */
export function commandHelp(command: string): string {
  const spec = COMMANDS[command];
  if (spec === undefined) throw new RangeError(`no command ${command}`);
  const options = Object.entries(spec.options) as [OptionName, string][];
  const width = Math.max(...options.map(([name]) => optionLabel(name).length), 10) + 2;
  return [
    `Usage: iop ${command}${spec.synopsis === "" ? "" : ` ${spec.synopsis}`}${options.length > 0 ? " [options]" : ""}`,
    "",
    wrap(
      `${spec.summary[0]?.toUpperCase()}${spec.summary.slice(1)}.${spec.details === undefined ? "" : ` ${spec.details}`}`,
      0,
    ),
    "",
    "Options:",
    ...[...options, ["help", "this text"] as const].map(
      ([name, what]) => `  ${pad(optionLabel(name), width)}${wrap(what, width + 2, 100 - width - 2)}`,
    ),
    "",
    "Examples:",
    ...spec.examples.map((example) => `  ${example}`),
  ].join("\n");
}
