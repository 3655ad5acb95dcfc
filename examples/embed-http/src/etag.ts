/** The strong entity tag of a stream at `version`: `"<version>"`. */
export const etagOf = (version: number): string => `"${version}"`;

/** What an `If-Match` header asks for: the stream versions it accepts, or `undefined` if unreadable. */
export function parseIfMatch(header: string): ReadonlySet<number> | undefined {
  const versions = new Set<number>();
  for (const tag of header.split(",").map((t) => t.trim())) {
    // A weak tag never matches under the strong comparison If-Match uses.
    if (tag.startsWith("W/")) continue;
    const match = /^"(0|[1-9][0-9]{0,15})"$/.exec(tag);
    if (match === null) return undefined;
    versions.add(Number(match[1]));
  }
  return versions;
}

/** True when an `If-None-Match` header names `version` (weak comparison, as RFC 9110 says). */
export function noneMatchHits(header: string, version: number): boolean {
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etagOf(version));
}
