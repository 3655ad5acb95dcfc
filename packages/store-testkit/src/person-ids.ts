let counter = 0;

/** A pseudonymous person id no other test uses, as a key store keeps it (unique across processes). */
export function uniquePersonId(): string {
  counter += 1;
  return `sthlm-p-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
