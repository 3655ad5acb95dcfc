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
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((item, i) => unknownFields(item, output[i], fieldPath(path, String(i))));
  if (!isRecord(input) || !isRecord(output)) return [];
  return Object.keys(input).flatMap((key) =>
    Object.hasOwn(output, key)
      ? unknownFields(input[key], output[key], fieldPath(path, key))
      : [{ field: fieldPath(path, key), message: UNKNOWN_FIELD }],
  );
}
