import { fieldPath, type InputIssue } from "./errors/index.js";

/** The message of an input field that no schema knows. */
export const UNKNOWN_FIELD = "is not a known field (misspelt?)";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The fields of `input` that parsing dropped from `output`, as issues under `path`. Zod objects
 * strip keys they do not know, so comparing what went in with what came out finds every unknown
 * field without a strict copy of each event schema: decoding stored events, which uses the same
 * schemas, stays as lenient as before. It relies on the schemas keeping their input's shape
 * (no transform renames a key).
 */
export function unknownFields(input: unknown, output: unknown, path: string): InputIssue[] {
  const issues: InputIssue[] = [];
  collect(input, output, path === "" ? [] : [path], issues);
  return issues;
}

/** Walks `input` beside `output`; the path is built only for a field it reports (parsing runs on every command). */
function collect(input: unknown, output: unknown, segments: string[], issues: InputIssue[]): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (let i = 0; i < input.length; i++) {
      segments.push(String(i));
      collect(input[i], output[i], segments, issues);
      segments.pop();
    }
    return;
  }
  if (!isRecord(input) || !isRecord(output)) return;
  for (const key of Object.keys(input)) {
    segments.push(key);
    if (Object.hasOwn(output, key)) collect(input[key], output[key], segments, issues);
    else issues.push({ field: fieldPath(...segments), message: UNKNOWN_FIELD });
    segments.pop();
  }
}
