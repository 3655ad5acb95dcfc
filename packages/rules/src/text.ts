/**
 * Normalises a name or purpose for comparison: trimmed, inner whitespace collapsed, dashes
 * unified, lower case (Swedish collation), so "Rinkeby–Kista  Stadsdelsnämnd" matches
 * "Rinkeby-Kista stadsdelsnämnd".
 */
export function normaliseText(value: string): string {
  return value
    .normalize("NFC")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLocaleLowerCase("sv-SE");
}
